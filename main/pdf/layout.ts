// The 核验单 layout and signing rules, read from resources/sheet/ and checked once.
import { z } from 'zod';
import layoutJson from '../../resources/sheet/layout.json';
import signingJson from '../../resources/sheet/signing.json';

const when = z.object({ variant: z.enum(['unit', 'personal']).optional(), fingerprint: z.boolean().optional(), personalLandline: z.boolean().optional() }).optional();
const box = z.object({
  id: z.string(),
  x: z.number(),
  y: z.number(),
  w: z.number().positive(),
  h: z.number().positive(),
  kind: z.enum(['label', 'text', 'header', 'cell', 'checkbox', 'signature', 'fingerprint']),
  label: z.string().optional(),
  field: z.string().optional(),
  text: z.string().optional(),
  maxSize: z.number().optional(),
  minSize: z.number().optional(),
  when,
});
const rect = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });
const layoutSchema = z.object({
  page: z.object({ width: z.number(), height: z.number() }),
  title: z.object({ text: z.string(), y: z.number(), size: z.number() }),
  copiesNote: z.object({ y: z.number() }),
  boxes: z.array(box),
  anchors: z.object({ seal: rect, signature: rect }),
  checklist: rect,
  pledgePage: z.object({ title: z.string(), lines: z.number(), top: z.number(), lineGap: z.number() }),
  draftMark: z.string(),
});
export type SheetLayout = z.infer<typeof layoutSchema>;
export type LayoutBox = z.infer<typeof box>;
export type Rect = z.infer<typeof rect>;

export const SHEET_LAYOUT: SheetLayout = layoutSchema.parse(layoutJson);

const signingSchema = z.object({
  copies: z.object({ unit: z.number().int().min(1), personal: z.number().int().min(1) }),
  pledgeText: z.string(),
  steps: z.object({ unit: z.array(z.string()), personal: z.array(z.string()), fingerprint: z.string(), pledge: z.string() }),
});
export const SHEET_SIGNING = signingSchema.parse(signingJson);

export const MM = 72 / 25.4;
