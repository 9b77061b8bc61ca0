// The characters a text may not carry, and the one file-name cleaner built on them. They do not show, or
// they change how the text around them shows, on screen, in the CLI and on the 核验单: C0 and C1 controls
// (terminal escapes, NUL); the soft hyphen, zero-width space and joiners, word joiner and invisible
// operators and the byte-order mark, which a text copied from a web page, a chat or a spreadsheet carries
// unseen (a 主办单位名称 with one no longer equals the 营业执照's, nor the national system's); the line and
// paragraph separators; and the bidi controls (U+200E/200F marks, U+202A–202E embeddings/overrides,
// U+2066–2069 isolates) that make a text read differently from what it is.
const C0_BUT_NEWLINE = '\\u0000-\\u0009\\u000b-\\u001f';
const OTHER_INVISIBLE = '\\u007f-\\u009f\\u00ad\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';

/** The first invisible or control character of a one-line text. */
export const INVISIBLE_CHAR = new RegExp(`[${C0_BUT_NEWLINE}\\n${OTHER_INVISIBLE}]`, 'u');
/** The same for a multi-line text, where a newline is kept. */
export const INVISIBLE_CHAR_BUT_NEWLINE = new RegExp(`[${C0_BUT_NEWLINE}${OTHER_INVISIBLE}]`, 'u');
/** Every invisible or control character, newline included, for replacing them all. */
export const INVISIBLE_CHARS = new RegExp(INVISIBLE_CHAR.source, 'gu');

/** How many bytes a code point takes in UTF-8. */
const utf8Bytes = (codePoint: number): number => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * `text` cut to at most `bytes` bytes of UTF-8, never inside a character. File systems limit a name's bytes
 * (255 on ext4, NTFS counts 255 UTF-16 units): a Chinese character takes three, so a cut by characters
 * (60 of them: 180 bytes) could still leave a name of two such parts too long to write; and a cut by UTF-16
 * units could split an emoji's surrogate pair, which SQLite then stores as invalid UTF-8.
 */
export function cutToBytes(text: string, bytes: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    used += utf8Bytes(ch.codePointAt(0)!);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

const byteLength = (text: string): number => {
  let n = 0;
  for (const ch of text) n += utf8Bytes(ch.codePointAt(0)!);
  return n;
};

/** A stored file name's bytes at most: room under a file system's 255 for a number a batch adds (-2) and a folder's prefix. */
const FILE_NAME_BYTES = 200;

/**
 * A file name safe to show and to use later as an export name: no folders, no control, invisible or bidi
 * characters (a name like “照片\u202Egpj.exe” would read as “照片exe.jpg”), at most FILE_NAME_BYTES bytes, cut
 * in its stem so that the extension (what 下载 saves it as) stays.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(INVISIBLE_CHARS, '_').replace(/[<>:"|?*]/g, '_').replace(/^\.+/, '').trim();
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  const stem = ext ? cleaned.slice(0, dot) : cleaned;
  return (cutToBytes(stem, FILE_NAME_BYTES - byteLength(ext)) + ext).trim() || '未命名文件';
}
