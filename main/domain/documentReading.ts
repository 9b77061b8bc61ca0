// Reading a photo of a 营业执照 or 身份证 into proposed field values (main/photos/reader/ reads them; the
// API contract and the intake panels show them). One list of the documents and of the fields read from
// each, with the form field a value may fill; a field with no form field is shown for checking only.
import { z } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind } from './documentKinds';
export { DOCUMENT_KINDS, type DocumentKind } from './documentKinds';

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  licence: '营业执照',
  'id-front': '身份证人像面',
  'id-back': '身份证国徽面',
};

/** Where an accepted value goes: a field of the 主体 or of a 负责人 (the record format's names). */
export const READING_TARGETS = ['entity.name', 'entity.certNumber', 'entity.certAddress', 'entity.certValidTo', 'person.name', 'person.certNumber', 'person.certValidFrom', 'person.certValidTo'] as const;
export type ReadingTarget = (typeof READING_TARGETS)[number];

/** The form field a target fills, as the forms label it. */
export const READING_TARGET_LABELS: Record<ReadingTarget, string> = {
  'entity.name': '主办单位名称',
  'entity.certNumber': '主体证件号码',
  'entity.certAddress': '证件住所',
  'entity.certValidTo': '营业期限至',
  'person.name': '负责人姓名',
  'person.certNumber': '负责人证件号码',
  'person.certValidFrom': '证件有效期起',
  'person.certValidTo': '证件有效期止',
};

export interface DocumentFieldSpec {
  key: string;
  label: string;
  /** The form fields an accepted value fills (营业期限 and 有效期限 fill one or two dates); empty: shown for checking. */
  targets: ReadingTarget[];
}

export const DOCUMENT_FIELDS: Record<DocumentKind, readonly DocumentFieldSpec[]> = {
  licence: [
    { key: 'name', label: '单位名称', targets: ['entity.name'] },
    { key: 'uscc', label: '统一社会信用代码', targets: ['entity.certNumber'] },
    { key: 'address', label: '住所', targets: ['entity.certAddress'] },
    // The 主体负责人 of a company is usually its 法定代表人, but not always: checked against the ID card, never filled.
    { key: 'legalRep', label: '法定代表人', targets: [] },
    { key: 'type', label: '类型', targets: [] },
    { key: 'term', label: '营业期限', targets: ['entity.certValidTo'] },
  ],
  'id-front': [
    { key: 'name', label: '姓名', targets: ['person.name'] },
    { key: 'sex', label: '性别', targets: [] },
    { key: 'ethnicity', label: '民族', targets: [] },
    { key: 'birth', label: '出生', targets: [] },
    { key: 'address', label: '住址', targets: [] },
    { key: 'number', label: '公民身份号码', targets: ['person.certNumber'] },
  ],
  'id-back': [
    { key: 'authority', label: '签发机关', targets: [] },
    { key: 'validity', label: '有效期限', targets: ['person.certValidFrom', 'person.certValidTo'] },
  ],
};

/** A box on the upright photo, as fractions of its width and height (0..1), so any display size can draw it. */
export const readingBoxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type ReadingBox = z.output<typeof readingBoxSchema>;

export const fieldProposalSchema = z.object({
  key: z.string(),
  label: z.string(),
  /** The value as read, normalised (numbers without spaces, dates YYYY-MM-DD, 长期). */
  value: z.string(),
  /** What each target receives when the operator accepts (营业期限 → its end date; 有效期限 → from and to). */
  fill: z.partialRecord(z.enum(READING_TARGETS), z.string()),
  box: readingBoxSchema,
  /** The recogniser's mean character confidence for the line (0..1). */
  confidence: z.number(),
  /** A note for the operator (a cross-check that held, a reading that needed care). */
  note: z.string().nullable(),
});
export type FieldProposal = z.output<typeof fieldProposalSchema>;

/** A field the reader found but does not propose: a failed check character, a QR code that disagrees. */
export const fieldRefusalSchema = z.object({ key: z.string(), label: z.string(), reason: z.string(), box: readingBoxSchema.nullable() });
export type FieldRefusal = z.output<typeof fieldRefusalSchema>;

export const documentReadingSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  /** The kind was found in the photo's text (else the one asked for was assumed). */
  kindSource: z.enum(['read', 'chosen']),
  /** Size of the upright photo the boxes refer to. */
  width: z.number(),
  height: z.number(),
  proposals: z.array(fieldProposalSchema),
  refusals: z.array(fieldRefusalSchema),
  /** The licence's QR code: what it carried, and whether its 统一社会信用代码 agrees with the text. */
  qr: z.object({ found: z.boolean(), uscc: z.string().nullable(), agrees: z.boolean().nullable() }).nullable(),
  /** Said when nothing could be proposed (no text, not this document). */
  message: z.string().nullable(),
});
export type DocumentReading = z.output<typeof documentReadingSchema>;

/** One photo of an 证件识别 job: its reading, or why nothing was read (not an image, damaged, no text), in Chinese. */
export const documentPhotoResultSchema = z.object({ fileName: z.string(), reading: documentReadingSchema.nullable(), error: z.string().nullable() });
export type DocumentPhotoResult = z.output<typeof documentPhotoResultSchema>;
