// Shapes the API returns from more than one place (a method's answer and a long job's result): rule
// findings and photo reports. The API contract and the job results both read them from here.
import { z } from 'zod';
import { PHOTO_CHECK_STATUSES, PHOTO_KINDS } from './enums';

export const findingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  hint: z.string(),
  source: z.string(),
});

export const severityCountsSchema = z.object({ error: z.number(), warning: z.number(), info: z.number() });

export const photoCheckSchema = z.object({ id: z.string(), status: z.enum(PHOTO_CHECK_STATUSES), value: z.union([z.string(), z.number()]).nullable(), threshold: z.union([z.string(), z.number()]).nullable(), message: z.string() });

export const photoReportSchema = z.object({
  file: z.string(),
  kind: z.enum(PHOTO_KINDS),
  /** chosen: set by the operator; name: guessed from the file name; default: no hint, checked as a 幕布照片. */
  kindSource: z.enum(['chosen', 'name', 'default']),
  status: z.enum(['pass', 'warn', 'fail']),
  checks: z.array(photoCheckSchema),
  faces: z.array(z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number(), score: z.number() })),
  thumbnail: z.string().nullable(),
});
