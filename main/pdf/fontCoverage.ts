// Which characters of a client's value the sheet's font has no glyph for. Such a character is drawn as the
// font's empty glyph: the printed sheet shows a gap where a rare name character (𠮷, CJK Extension B) was,
// and nobody notices until the provider sends the sheet back. Read from the regular face's cmap once per
// process (the client's values are printed in the regular face only).
import { readFont } from './fontSubsetter';
import { readTrueType } from './trueType';

/** Code point → glyph; read once (about a quarter of a second: the 10 MB face and its cmap). */
let covered: Map<number, number> | null = null;

/** The distinct characters of `text` the regular face cannot print, in the order they first appear. */
export function charactersNotInFont(text: string): string[] {
  covered ??= readTrueType(readFont('regular')).glyphs;
  const missing = new Set<string>();
  for (const ch of text) if (ch !== '\n' && !covered.has(ch.codePointAt(0)!)) missing.add(ch);
  return [...missing];
}
