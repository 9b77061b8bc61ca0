// Fitting a value into its box: wrap, then shrink down to a minimum size; a value that still does not
// fit is an error, never drawn outside the box or cut off.
import type { MeasuredFont } from './cidFont';
import { DeskError } from '../domain/errors';

export interface Fitted {
  size: number;
  lines: string[];
  lineHeight: number;
}

const LINE = 1.25;

// Widths per character at size 1, measured once per face (every subset of a face keeps its advances).
// The embedded subsets carry no layout features (no kerning, no contextual forms), so a string's width
// is the sum of its characters'.
const advances = new Map<string, Map<string, number>>();

export function textWidth(font: MeasuredFont, text: string, size: number): number {
  let cache = advances.get(font.name);
  if (!cache) advances.set(font.name, (cache = new Map()));
  let w = 0;
  for (const ch of text) {
    let a = cache.get(ch);
    if (a === undefined) cache.set(ch, (a = font.widthOfTextAtSize(ch, 1)));
    w += a;
  }
  return w * size;
}

/**
 * A word is never broken where a line happens to end: a domain split as "example-domain-2-long." | "com.cn"
 * reads as two, or as another domain, to whoever copies it from the printed sheet. A word is a run of Latin
 * letters, digits and the marks of domains, URLs, e-mail addresses and numbers, with the list separator or
 * space that follows it (so a line ends after "、", never starts with it).
 */
const WORD = /[\p{Script=Latin}\p{Nd}.\-_@:/?#=&%+~]+[、，,;；]?|./gsu;
const IS_WORD = /^[\p{Script=Latin}\p{Nd}.\-_@:/?#=&%+~]/u;

/** Breaks text into lines no wider than `width` at `size`: CJK between any two characters, Latin words whole (anywhere only when one is longer than the line). */
export function wrap(text: string, font: MeasuredFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    const put = (ch: string, cw: number) => {
      if (line && lineWidth + cw > width) {
        lines.push(line);
        line = ch === ' ' ? '' : ch;
        lineWidth = ch === ' ' ? 0 : cw;
      } else {
        line += ch;
        lineWidth += cw;
      }
    };
    for (const [piece] of paragraph.matchAll(WORD)) {
      const pw = textWidth(font, piece, size);
      if (IS_WORD.test(piece) && line && lineWidth + pw > width && pw <= width) {
        // the whole word on the next line
        lines.push(line);
        line = piece;
        lineWidth = pw;
      } else for (const ch of piece) put(ch, textWidth(font, ch, size));
    }
    lines.push(line);
  }
  return lines;
}

export function fitText(text: string, font: MeasuredFont, width: number, height: number, maxSize: number, minSize: number): Fitted | null {
  for (let size = maxSize; size >= minSize - 1e-9; size -= 0.5) {
    const lines = wrap(text, font, size, width);
    if (lines.length * size * LINE <= height && lines.every((l) => textWidth(font, l, size) <= width + 1e-6)) return { size, lines, lineHeight: size * LINE };
  }
  return null;
}

/** A client's value that does not fit its box, named by the field's label (网站域名), its path the sheet's field (site.domains). */
export function tooLong(label: string, field: string = label): DeskError {
  return new DeskError('VALIDATION', `“${label}”内容过长，核验单的方框放不下，请精简后再生成`, [{ path: [field], message: '内容过长' }]);
}

/** The sheet's own printed text (a heading, a box label) does not fit: the layout is wrong, nothing the operator typed. */
export function layoutTooSmall(what: string): DeskError {
  return new DeskError('INTERNAL', `核验单版式有误：固定文字（${what}）放不下它的方框，请联系软件维护人员`);
}
