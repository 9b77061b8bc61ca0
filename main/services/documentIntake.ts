// 营业执照 / 身份证 photos → proposed field values, as a job with progress and cancel. Nothing is written:
// the operator accepts values field by field in the form (which saves them as any typed value), and the
// photo is stored as a material, encrypted, through the materials service once accepted. The photos
// and what was read from them stay in memory (the job's result) and are never logged.
import type { z } from 'zod';
import { DeskError } from '../domain/errors';
import type { DocumentKind, DocumentPhotoResult, DocumentReading, ReadingTarget } from '../domain/documentReading';
import { entityFieldsSchema, personFieldsSchema } from '../domain/schemas';
import type { EntityView } from '../domain/views';
import type { Desk } from '../desk';
import type { JobControl } from '../jobs/jobs';
import { PHOTO_TASK_DEADLINE_MS, runOnWorker, withDeadline } from '../jobs/pool';
import { editPerson, getClient, getClientClear, updateClientEntity } from './clients';
import { addMaterial } from './materials';

export interface DocumentPhoto {
  fileName: string;
  data: Uint8Array;
  /** The side the operator says it is; the text decides when it names its document. */
  kind?: DocumentKind | null;
}

export type { DocumentPhotoResult } from '../domain/documentReading';

/** One photo on a worker thread; the caller's bytes stay usable (the worker gets its own copy). `signal` stops the waiting (runOnWorker). */
export async function readDocumentPhoto(photo: DocumentPhoto, signal?: AbortSignal): Promise<DocumentReading> {
  const own = new Uint8Array(photo.data);
  return runOnWorker({ task: 'document.read', data: own, kind: photo.kind ?? null }, [own.buffer], signal);
}

const timedOut = (ms: number) => `识别超时（超过 ${Math.round(ms / 1000)} 秒）：请重新选择这张照片；若一再超时，请重启备案助手`;

/**
 * The photos one after another (each worker holding the models costs several hundred MB, so a batch
 * keeps to one photo in flight). 取消 is heard between photos: the photo being read is read to its end
 * and kept, and the batch returns with the photos it finished — a 取消 asked while the last one is read
 * comes too late, and the job ends done (jobs.ts: cancelTooLate). A photo not read within `deadlineMs`
 * carries the reason and the batch goes on with the next; that photo runs on to its end on its worker,
 * its reading dropped (runOnWorker: a worker is never ended in the middle of the OCR).
 */
export async function readDocumentPhotos(photos: DocumentPhoto[], control: JobControl, deadlineMs = PHOTO_TASK_DEADLINE_MS): Promise<DocumentPhotoResult[]> {
  const out: DocumentPhotoResult[] = [];
  control.progress(0, photos.length);
  for (const photo of photos) {
    if (control.cancelled) break;
    out.push(
      await withDeadline(deadlineMs, timedOut(deadlineMs), (signal) => readDocumentPhoto(photo, signal)).then(
        (r): DocumentPhotoResult => ({ fileName: photo.fileName, reading: r, error: null }),
        (err: unknown): DocumentPhotoResult => ({ fileName: photo.fileName, reading: null, error: err instanceof DeskError ? err.message : '识别失败，请重试' }),
      ),
    );
    control.progress(out.length, photos.length);
  }
  return out;
}

export interface AcceptedFields {
  entityId: number;
  /** The 负责人 an ID card's values go to (and its photo belongs to); null for the 主体. */
  personId: number | null;
  /** What the operator accepted: form field → value (FieldProposal.fill). */
  fill: Partial<Record<ReadingTarget, string>>;
  /** The photo the values were read from, stored as the client's material with them (null: stored already). */
  photo: { kind: DocumentKind; fileName: string; data: Uint8Array } | null;
}

const VIEW_ONLY = ['id', 'people', 'websites', 'masked', 'serviceEndedAt', 'retentionMonths', 'createdAt', 'updatedAt', 'rowVersion'] as const;

function checked<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)], message: i.message }));
  throw new DeskError('VALIDATION', `采用的值未通过校验：${issues[0]?.message ?? ''}`, issues);
}

/**
 * Values the operator accepted on a client's 材料 tab, written to the 主体 or a 负责人 the way the edit
 * drawers write them (same schemas, same audit entries), together with the photo as a material, all in
 * one transaction: either every accepted value and the photo are stored, or nothing is.
 */
export async function applyAcceptedFields(desk: Desk, input: AcceptedFields): Promise<{ entity: EntityView; materialId: number | null }> {
  const clear = await getClientClear(desk, input.entityId);
  const entityFill = Object.entries(input.fill).filter(([k]) => k.startsWith('entity.')).map(([k, v]) => [k.slice(7), v] as const);
  const personFill = Object.entries(input.fill).filter(([k]) => k.startsWith('person.')).map(([k, v]) => [k.slice(7), v] as const);
  if (!entityFill.length && !personFill.length && !input.photo) throw new DeskError('VALIDATION', '没有要采用的值');
  const person = input.personId === null ? null : clear.people.find((p) => p.id === input.personId);
  if (input.personId !== null && !person) throw new DeskError('VALIDATION', '所选负责人不属于该客户', [{ path: ['personId'], message: '请从该客户的负责人中选择' }]);
  if (personFill.length && !person) throw new DeskError('VALIDATION', '请选择身份证信息要填入的负责人', [{ path: ['personId'], message: '请选择负责人' }]);
  const entityFields = entityFill.length ? checked(entityFieldsSchema, { ...omit(clear, VIEW_ONLY), ...Object.fromEntries(entityFill) }, 'entity') : null;
  const personFields = person && personFill.length ? checked(personFieldsSchema, { ...omit(person, ['id', 'entityId', 'createdAt', 'updatedAt', 'identityChangedAt', 'rowVersion'] as const), ...Object.fromEntries(personFill) }, 'person') : null;
  const write = async () => {
    // written over the versions read above: a save by someone else in between is not undone (EDIT_CONFLICT)
    if (entityFields) await updateClientEntity(desk, input.entityId, entityFields, clear.rowVersion);
    if (personFields && person) await editPerson(desk, person.id, personFields, person.rowVersion);
  };
  let materialId: number | null = null;
  if (input.photo) {
    const photo = input.photo;
    const personId = photo.kind === 'licence' ? null : (person?.id ?? null);
    // the values first, then the photo they were read from: stored after the person's new 证件号码, the photo
    // shows the person as the record now says (a material older than the identity change must be uploaded again)
    materialId = await desk.sql.tx(async () => {
      await write();
      return (await addMaterial(desk, { entityId: input.entityId, personId, kind: photo.kind, fileName: photo.fileName, data: photo.data })).id;
    });
  } else await desk.sql.tx(write);
  return { entity: await getClient(desk, input.entityId), materialId };
}

function omit<T extends object, K extends readonly (keyof T)[]>(o: T, keys: K): Omit<T, K[number]> {
  const out = { ...o } as Record<string, unknown>;
  for (const k of keys) delete out[k as string];
  return out as Omit<T, K[number]>;
}
