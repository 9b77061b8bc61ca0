// What an uploaded .xlsx must be before exceljs may inflate it: small enough, a zip (not an old .xls or a
// password-protected workbook, which are OLE compound files), with a workbook inside, and every entry
// inflating to no more than it declares — checked by the project's streaming zip reader (yauzl stops an
// entry at its declared size), so a zip bomb is refused while only a few chunks are in memory.
import { DeskError } from '../domain/errors';
import { SafeArchive } from '../backup/archive';

/** Largest workbook file taken (a filled template of 10 000 clients is about 2 MB). */
export const MAX_XLSX_BYTES = 20 * 1024 * 1024;
/** Largest sum of the workbook's parts once inflated: sheet XML is ~10× its zipped size, far below this. */
const MAX_INFLATED_BYTES = 200 * 1024 * 1024;
const MAX_PART_BYTES = 120 * 1024 * 1024;
const MAX_PARTS = 2000;

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
// The stream an encrypted OOXML package is kept in (MS-OFFCRYPTO), named in UTF-16LE in the CFB directory.
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

const refuse = (message: string) => new DeskError('VALIDATION', message);

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
