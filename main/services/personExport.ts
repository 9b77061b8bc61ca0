// 导出 of everything held about a person (access requests): the machine-readable data and, beside it,
// a readable PDF with Chinese labels for the person themself.
import { chinaDay } from '../domain/dates';
import type { Desk } from '../desk';
import { personDataPdf } from '../export/personPdf';
import { exportPersonData } from './retention';

export async function exportPersonReadable(desk: Desk, personId: number) {
  const data = await exportPersonData(desk, personId);
  const pdf = await personDataPdf(data);
  return { ...data, readable: { fileName: `${String(data.person.name ?? '负责人')}-个人信息-${chinaDay(data.exportedAt)}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') } };
}
