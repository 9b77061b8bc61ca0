// Names for files written side by side (a batch's folder, a package's zip): a name already taken gets a number.
// cutToBytes lives in domain/text.ts, where a material's file name is cleaned with it too.
import { cutToBytes } from '../domain/text';

export { cutToBytes };

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

/** A name, a client's or a website's, as one part of a file name: no path or reserved characters, at most `bytes` bytes. */
export const fileNamePart = (name: string, bytes: number): string => cutToBytes(name.replace(/[\\/:*?"<>|\s]+/g, '_'), bytes);
