// Names for files written side by side (a batch's folder, a package's zip): a name already taken gets a number.

/**
 * `name`, or the first of `name-2`, `name-3` … (numbered before the extension) that `taken` does not hold:
 * two files of the same name never end up as one.
 */
export function firstFreeName(name: string, taken: (candidate: string) => boolean): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; taken(candidate); n++) candidate = `${stem}-${n}${ext}`;
  return candidate;
}

/**
 * `text` cut to at most `bytes` bytes of UTF-8, never inside a character. File systems limit a name's bytes
 * (255 on ext4, NTFS counts 255 UTF-16 units): a Chinese character takes three, so a cut by characters
 * (60 of them: 180 bytes) could still leave a name of two such parts too long to write.
 */
export function cutToBytes(text: string, bytes: number): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    // Stryker disable next-line StringLiteral: 'utf8' → '' counts the same, Buffer.byteLength takes a missing encoding for UTF-8
    used += Buffer.byteLength(ch, 'utf8');
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

/** A name, a client's or a website's, as one part of a file name: no path or reserved characters, at most `bytes` bytes. */
export const fileNamePart = (name: string, bytes: number): string => cutToBytes(name.replace(/[\\/:*?"<>|\s]+/g, '_'), bytes);
