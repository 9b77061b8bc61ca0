// What exceljs may be given: no more XML than three times the largest workbook the import takes, refused from
// the zip's directory before anything is parsed (exceljs parses at ~15× the XML, all on the core).
import { expect, it, describe } from 'vitest';
import yauzl from 'yauzl';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { assertReadableXlsx, MAX_XML_BYTES } from '../../../main/export/xlsxGuard';
import { MAX_ROWS } from '../../../main/export/xlsxLayout';
import { rowsOfRecord } from '../../../main/export/xlsxRecord';
import { layoutWorkbook } from '../../../main/export/xlsxWorkbook';
import { previewXlsx } from '../../../main/services/intake';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir } from '../../helpers';
import { zipOf } from '../../support/zipOf';

/** The parts of a minimal workbook of `sheets` sheets, each about `bytes` of numeric cells (50 a row): small zipped, large parsed. */
function denseParts(sheets: number, bytes: number): Record<string, Buffer> {
  const col = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : 'A' + String.fromCharCode(65 + i - 26));
  const parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'];
  let size = parts[0]!.length;
  for (let r = 2; size < bytes; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < 50; c++) row += `<c r="${col(c)}${r}"><v>1</v></c>`;
    parts.push((row += '</row>'));
    size += row.length;
  }
  parts.push('</sheetData></worksheet>');
  const sheet = Buffer.from(parts.join(''));
  const ids = Array.from({ length: sheets }, (_, i) => i + 1);
  const ns = 'http://schemas.openxmlformats.org';
  return {
    '[Content_Types].xml': Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${ids.map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`),
    '_rels/.rels': Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets>${ids.map((i) => `<sheet name="S${i}" sheetId="${i}" r:id="rId${i}"/>`).join('')}</sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships">${ids.map((i) => `<Relationship Id="rId${i}" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i}.xml"/>`).join('')}</Relationships>`),
    ...Object.fromEntries(ids.map((i) => [`xl/worksheets/sheet${i}.xml`, sheet])),
  };
}

/** That workbook zipped. */
const denseWorkbook = (sheets: number, bytes: number): Promise<Buffer> => zipOf(denseParts(sheets, bytes));

/** The inflated size of every part but the pictures, as the guard counts it. */
function xmlBytes(data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      let total = 0;
      zip.on('entry', (e: yauzl.Entry) => {
        if (!/^xl\/media\/[^/]+$/.test(e.fileName)) total += e.uncompressedSize;
        zip.readEntry();
      });
      zip.on('end', () => resolve(total));
      zip.readEntry();
    });
  });
}

const MB = 1024 * 1024;

describe('the XML an uploaded workbook may hand to exceljs', () => {
  it('counts as a picture only a file directly in xl/media/: a sheet hidden under xl/media/…/xl/worksheets/ (which exceljs would still parse) counts as XML', async () => {
    // the parts as written, not zipped and read back: the same bytes
    const parts = denseParts(1, 30 * MB);
    const hidden = await zipOf({ ...parts, 'xl/media/a/xl/worksheets/sheet2.xml': parts['xl/worksheets/sheet1.xml']!.subarray(0, 20 * MB), 'xl/media/image1.png': Buffer.alloc(1024) });
    await expect(assertReadableXlsx(hidden, 'hidden.xlsx')).rejects.toThrow(/的表格内容解压后有 50 MB，超过导入上限 44 MB/);
  }, 60_000);

  it('refuses two sheets of 23 MB each (46 MB, within the old 120 MB a part / 200 MB in all) quickly, before exceljs parses them', async () => {
    const data = await denseWorkbook(2, 23 * MB);
    expect(data.length).toBeLessThan(4 * MB);
    const desk = await openTestDesk(tempDir());
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = Date.now();
    try {
      await expect(previewXlsx(desk, { fileName: 'big.xlsx', data }, { progress: () => {}, cancelled: false })).rejects.toThrow(/的表格内容解压后有 46 MB，超过导入上限 44 MB（填满 10000 行的导入模板约 15 MB），未读取/);
    } finally {
      clearInterval(sample);
    }
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(peak - rssBefore).toBeLessThan(150 * MB);
  }, 120_000);

  it('takes the template filled with 10 000 clients and their websites: the cap is three times its XML', async () => {
    const records = Array.from({ length: MAX_ROWS }, (_, i) => rowsOfRecord(clientRecordSchema.parse(companyRecord(i + 1))));
    const data = await layoutWorkbook(records, { example: true });
    await expect(assertReadableXlsx(data, 'full.xlsx')).resolves.toBeUndefined();
    const xml = await xmlBytes(data);
    // the derivation written at MAX_XML_BYTES: a layout change that moves the template's size asks for a new figure
    expect(xml * 3).toBeGreaterThan(MAX_XML_BYTES * 0.95);
    expect(xml * 3).toBeLessThan(MAX_XML_BYTES * 1.05);
  }, 120_000);
});
