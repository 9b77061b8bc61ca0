// What an uploaded .xlsx must be before exceljs may inflate it: small enough, a zip (not an old .xls or a
// password-protected workbook, which are OLE compound files), with a workbook inside, and every entry
// inflating to no more than it declares — checked by the project's streaming zip reader (yauzl stops an
// entry at its declared size), so a zip bomb is refused while only a few chunks are in memory — and with no
// more XML than the largest workbook the import takes needs, because exceljs parses all of it at once on the core.
import { DeskError } from '../domain/errors';
import { SafeArchive } from '../backup/archive';
import { MAX_ROWS } from './xlsxLayout';

/** Largest workbook file taken (a filled template of 10 000 clients is about 2 MB). */
export const MAX_XLSX_BYTES = 20 * 1024 * 1024;
/**
 * Outer bounds while the zip is listed (a bomb is refused before the listing ends); what exceljs may load is
 * bounded tighter below, from the declared sizes, which the streaming check then holds every part to.
 */
const MAX_INFLATED_BYTES = 200 * 1024 * 1024;
const MAX_PART_BYTES = 120 * 1024 * 1024;
/**
 * Largest sum of the parts exceljs reads into one string each and parses (every part but the pictures under
 * xl/media/: worksheets, shared strings, styles, drawings, comments …). exceljs holds the whole workbook while
 * parsing, at about 15× the XML (measured: 200 MB of sheet XML in a 14.6 MB upload took the core to 3.2 GB
 * and 25–73 s). The largest workbook the import takes — the template filled with 10 000 clients and a website
 * each (layoutWorkbook of test/fixtures/records.ts, measured) — has 14.6 MB of it: sheet 主体与负责人 7.8 MB,
 * sheet 网站 3.9 MB, shared strings 2.9 MB, the rest a few KB. Three times that, 44 MB, leaves room for an
 * agency's wider sheet or another program's way of saving. At the cap, the worst case measured (43 MB of
 * dense numeric cells, a 3.2 MB upload) took the core about 0.8 GB above its resting size for 12–16 s.
 */
export const MAX_XML_BYTES = 44 * 1024 * 1024;
/** The 10 000-row template's parsed parts (see MAX_XML_BYTES), for the refusal message. */
const TEMPLATE_XML_MB = 15;
/** Pictures are read as they are, never parsed, and do not shrink when zipped: no more than the file itself. */
const MAX_MEDIA_BYTES = MAX_XLSX_BYTES;
/**
 * A picture: a file directly in xl/media/. exceljs itself takes any name containing xl/media/ for one, but it finds
 * worksheets by unanchored patterns too, so a part named xl/media/a/xl/worksheets/sheet1.xml is parsed as sheet 1:
 * only a name with no folder after xl/media/ (which no such pattern can match) is counted as a picture.
 */
const MEDIA_PART = /^xl\/media\/[^/]+$/;
const MAX_PARTS = 2000;

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
// The stream an encrypted OOXML package is kept in (MS-OFFCRYPTO), named in UTF-16LE in the CFB directory.
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

const refuse = (message: string) => new DeskError('VALIDATION', message);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);

/** Throws a Chinese reason when the bytes are not a workbook this desk will open; resolves when they are. */
export async function assertReadableXlsx(data: Buffer, fileName: string): Promise<void> {
  const name = `“${fileName}”`;
  if (data.length === 0) throw refuse(`文件${name}是空的`);
  if (data.length > MAX_XLSX_BYTES) {
    throw refuse(`文件${name}有 ${(data.length / 1024 / 1024).toFixed(1)} MB，超过导入上限 ${MAX_XLSX_BYTES / 1024 / 1024} MB：请删去无关的工作表、图片后再导入，或分成几个文件`);
  }
  if (data.subarray(0, 8).equals(OLE_MAGIC)) {
    if (data.includes(ENCRYPTED_PACKAGE)) throw refuse(`工作簿${name}设有打开密码（已加密），无法读取：请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后另存为 .xlsx 再导入`);
    throw refuse(`文件${name}是旧版 Excel（.xls）格式：请在 Excel 中另存为 .xlsx 后再导入`);
  }
  if (data[0] !== 0x50 || data[1] !== 0x4b) throw refuse(`文件${name}不是 Excel 工作簿（.xlsx）：请选择用 Excel 或 WPS 保存的 .xlsx 文件`);
  let archive: SafeArchive;
  try {
    archive = await SafeArchive.fromBuffer(data, {
      label: `工作簿${name}`,
      allowed: () => true,
      limits: { maxEntryBytes: MAX_PART_BYTES, maxTotalBytes: MAX_INFLATED_BYTES, maxEntries: MAX_PARTS },
    });
  } catch (err) {
    throw refuse(err instanceof DeskError ? `${err.message}。请确认这是用 Excel 或 WPS 保存的 .xlsx 文件` : `文件${name}不是 Excel 工作簿（.xlsx）`);
  }
  try {
    if (!archive.entries.has('xl/workbook.xml')) throw refuse(`文件${name}是 zip 压缩包，但里面没有 Excel 工作簿（缺少 xl/workbook.xml）：请选择 .xlsx 文件`);
    // from the declared sizes, before a byte is inflated; the stream below refuses a part inflating past its own
    let xml = 0;
    let media = 0;
    for (const entry of archive.entries.values()) {
      if (MEDIA_PART.test(entry.fileName)) media += entry.uncompressedSize;
      else xml += entry.uncompressedSize;
    }
    if (xml > MAX_XML_BYTES) {
      throw refuse(
        `工作簿${name}的表格内容解压后有 ${mb(xml)} MB，超过导入上限 ${mb(MAX_XML_BYTES)} MB（填满 ${MAX_ROWS} 行的导入模板约 ${TEMPLATE_XML_MB} MB），未读取：` +
          '可能含有大量空白或无关的单元格、工作表。请只保留客户资料所在的工作表和行列（或粘贴到导入模板中）后再导入，或分成几个文件',
      );
    }
    if (media > MAX_MEDIA_BYTES) throw refuse(`工作簿${name}中的图片解压后有 ${mb(media)} MB，超过导入上限 ${mb(MAX_MEDIA_BYTES)} MB，未读取：请删去表中的图片后再导入`);
    for (const entry of archive.entries.values()) {
      try {
        await archive.stream(entry);
      } catch (err) {
        throw refuse(err instanceof DeskError ? err.message : `工作簿${name}已损坏`);
      }
    }
  } finally {
    archive.close();
  }
}
