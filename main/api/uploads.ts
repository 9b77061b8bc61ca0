// The methods whose file may come as the request's own body (the web host's /upload/<method>, host.ts)
// instead of as base64 inside the JSON: a transfer or 归还 archive carries every client's ID scans and
// easily passes the JSON body's limit (80 MB, about 60 MB of file once base64'd), and on a team server the
// 归还 upload is the only way a field laptop's work comes back. The body is streamed to a file in the data
// folder's tmp (owner-only, removed after the call, swept at start after a crash: it holds ID photos);
// the method's other inputs (the passphrase) come percent-encoded as JSON in UPLOAD_INPUT_HEADER.
// Renderer-safe: no Node imports.

/** The largest archive taken, as upload or as base64 in JSON: the same 2 GB the contract's schemas allow. */
export const MAX_ARCHIVE_BYTES = 2 * 1024 ** 3;
/** The same limit as the contract's base64 text (4 characters for every 3 bytes). */
export const MAX_ARCHIVE_BASE64 = Math.ceil((MAX_ARCHIVE_BYTES * 4) / 3);

export const UPLOAD_METHODS = {
  'lease.checkin': { file: '归还文件' },
  'transfer.import': { file: '传输文件' },
} as const;
export type UploadMethod = keyof typeof UPLOAD_METHODS;

export const isUploadMethod = (name: string): name is UploadMethod => Object.prototype.hasOwnProperty.call(UPLOAD_METHODS, name);

/** The header that carries the method's other inputs: encodeURIComponent(JSON.stringify(input)). */
export const UPLOAD_INPUT_HEADER = 'x-desk-input';

/** A size for people: 64 MB, 2 GB (binary units, as the limits are written). */
export function sizeText(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  if (gb >= 1) return `${Number.isInteger(gb) ? gb : gb.toFixed(1)} GB`;
  return `${Math.max(1, Math.ceil(bytes / 1024 ** 2))} MB`;
}

/** The refusal of an archive over MAX_ARCHIVE_BYTES; `bytes` when its size is known. */
export function archiveTooLarge(method: UploadMethod, bytes?: number): string {
  const file = UPLOAD_METHODS[method].file;
  const what = `${file}${bytes === undefined ? '' : ` ${sizeText(bytes)} `}超过上限 ${sizeText(MAX_ARCHIVE_BYTES)}`;
  return method === 'lease.checkin'
    ? `${what}，无法归还：请在笔记本上删去多余的大文件（如重复的扫描件）后重新生成归还文件`
    : `${what}：请在导出的电脑上分几次导出（每次少选几个客户），再逐个导入`;
}
