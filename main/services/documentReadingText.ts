// What `intake ocr` prints for a read photo: each proposed value with its confidence and box, numbers
// masked (the terminal may be shared or recorded), refusals with their reasons.
import { DOCUMENT_KIND_LABELS } from '../domain/documentReading';
import { maskNumber } from '../domain/identifiers';
import type { DocumentPhotoResult } from './documentIntake';

/** Fields that hold a personal or company number: shown masked. */
const NUMBER_FIELDS = new Set(['uscc', 'number']);

export function documentReadingForTerminal(r: DocumentPhotoResult) {
  if (!r.reading) return { file: r.fileName, kind: null, proposals: [], refusals: [], error: r.error, text: `✗ ${r.fileName}：${r.error}\n` };
  const reading = r.reading;
  const proposals = reading.proposals.map((p) => ({
    field: p.label,
    value: NUMBER_FIELDS.has(p.key) ? maskNumber(p.value) : p.value,
    confidence: p.confidence,
    box: p.box,
    fill: Object.keys(p.fill),
    note: p.note,
  }));
  const refusals = reading.refusals.map((f) => ({ field: f.label, reason: f.reason }));
  const box = (b: { x: number; y: number; width: number; height: number }) => `@${Math.round(b.x * reading.width)},${Math.round(b.y * reading.height)} ${Math.round(b.width * reading.width)}×${Math.round(b.height * reading.height)}`;
  const qr = reading.qr ? (reading.qr.agrees === true ? '二维码：与代码一致' : reading.qr.agrees === false ? '二维码：与代码不一致' : reading.qr.found ? '二维码：未含代码' : '二维码：未读到') : null;
  const lines = [
    `${proposals.length ? '✓' : '!'} ${r.fileName}（${DOCUMENT_KIND_LABELS[reading.kind]}${qr ? `；${qr}` : ''}）`,
    ...proposals.map((p, i) => `    ${p.field}：${p.value}  （置信度 ${Math.round(p.confidence * 100)}%，位置 ${box(reading.proposals[i]!.box)}${p.note ? `；${p.note}` : ''}）`),
    ...refusals.map((f) => `    ✗ ${f.field}：${f.reason}`),
    ...(reading.message ? [`    ${reading.message}`] : []),
  ];
  return { file: r.fileName, kind: reading.kind, proposals, refusals, qr: reading.qr, error: null, text: `${lines.join('\n')}\n` };
}
