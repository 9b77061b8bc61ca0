// Lines read from a photo → proposed field values of a 营业执照 or 身份证. Pure: the recogniser's lines in,
// proposals out. Check characters decide: a 统一社会信用代码 or 公民身份号码 whose check character fails is
// refused, never proposed, and a licence's code must agree with its QR code.
import {
  DOCUMENT_FIELDS,
  DOCUMENT_KIND_LABELS,
  type DocumentKind,
  type DocumentReading,
  type FieldProposal,
  type FieldRefusal,
  type ReadingBox,
  type ReadingTarget,
} from '../../domain/documentReading';
import { checkResidentId, checkUscc, normalizeNumber } from '../../domain/identifiers';

/** One line of text as the recogniser gives it: its four corners in pixels of the upright photo. */
export interface ReadLine {
  text: string;
  confidence: number;
  box: [number, number][];
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const rectOf = (l: ReadLine): Rect => {
  const xs = l.box.map((p) => p[0]);
  const ys = l.box.map((p) => p[1]);
  return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
};

/** A label as printed, with any spacing between its characters (名 称, 住　所). */
const labelRe = (label: string) => new RegExp(`^\\s*${[...label].join('[\\s\\u3000]*')}[\\s:：\\u3000]*`);

const LABELS: Record<DocumentKind, Record<string, string[]>> = {
  licence: {
    name: ['名称'],
    uscc: ['统一社会信用代码'],
    type: ['类型'],
    legalRep: ['法定代表人', '负责人', '经营者', '执行事务合伙人'],
    address: ['住所', '主要经营场所', '经营场所'],
    term: ['营业期限', '合伙期限'],
  },
  'id-front': { name: ['姓名'], sex: ['性别'], birth: ['出生'], address: ['住址'], number: ['公民身份号码'] },
  'id-back': { authority: ['签发机关'], validity: ['有效期限'] },
};
/** Labels that start a line of their own on a licence but are not read (they end an address that wraps). */
const OTHER_LABELS = ['注册资本', '出资额', '成立日期', '经营范围', '登记机关', '民族'];

function allLabels(kind: DocumentKind): RegExp[] {
  return [...Object.values(LABELS[kind]).flat(), ...OTHER_LABELS].map(labelRe);
}

/** Which document the text is, by the words only that document prints. */
export function detectKind(lines: ReadLine[]): DocumentKind | null {
  const all = lines.map((l) => l.text.replace(/\s/g, '')).join('\n');
  if (/营业执照|统一社会信用代码|法定代表人|注册资本/.test(all)) return 'licence';
  if (/签发机关|有效期限/.test(all)) return 'id-back';
  if (/公民身份号码|姓名|性别/.test(all)) return 'id-front';
  return null;
}

/** Width of text as printed: a Chinese character is about twice a Latin one. */
const textWidth = (s: string) => [...s].reduce((w, c) => w + (/[\u0000-\u00ff]/.test(c) ? 0.55 : 1), 0);

/**
 * The part of a line's box that holds the value after its label (the recogniser boxes the whole line),
 * estimated from the printed width of the text before it; `value` ends the box where the value ends.
 */
function valueRect(line: ReadLine, labelPart: string, value?: string): Rect {
  const r = rectOf(line);
  const whole = textWidth(line.text);
  if (whole === 0) return r;
  const start = Math.min(0.9, textWidth(labelPart) / whole);
  const end = value ? Math.min(1, start + (textWidth(value) + 0.5) / whole) : 1;
  return { ...r, left: r.left + (r.right - r.left) * start, right: r.left + (r.right - r.left) * end };
}

const union = (a: Rect, b: Rect): Rect => ({ left: Math.min(a.left, b.left), top: Math.min(a.top, b.top), right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom) });

interface Found {
  value: string;
  rect: Rect;
  confidence: number;
}

/**
 * The value after a label, with the lines below it that continue it (a long 住所 wraps). On a tilted
 * photo the recogniser may cut the label and its value into two lines: the value is then the unlabelled
 * line to the label's right on the same row.
 */
function labelled(lines: ReadLine[], kind: DocumentKind, labels: string[], continues = false): Found | null {
  const others = allLabels(kind);
  const unlabelled = (l: ReadLine) => !others.some((re) => re.test(l.text));
  for (const line of lines) {
    for (const label of labels) {
      const m = labelRe(label).exec(line.text);
      if (!m) continue;
      const first = rectOf(line);
      let value = line.text.slice(m[0].length).trim();
      let rect = valueRect(line, m[0]);
      let confidence = line.confidence;
      let parts = 1;
      const used = new Set<ReadLine>([line]);
      if (!value) {
        const mid = (first.top + first.bottom) / 2;
        const beside = lines
          .filter((l) => l !== line && unlabelled(l))
          .map((l) => ({ l, r: rectOf(l) }))
          .filter(({ r }) => r.top < mid && r.bottom > mid && r.left >= first.right - (first.bottom - first.top))
          .sort((a, b) => a.r.left - b.r.left)[0];
        if (!beside) continue;
        value = beside.l.text.trim();
        rect = beside.r;
        confidence = beside.l.confidence;
        used.add(beside.l);
      }
      if (continues) {
        for (;;) {
          const height = rect.bottom - rect.top;
          const next = lines
            .filter((l) => !used.has(l))
            .map((l) => ({ l, r: rectOf(l) }))
            .filter(({ r }) => r.top > rect.top + height * 0.5 && r.top - rect.bottom <= height * 1.2)
            .sort((a, b) => a.r.top - b.r.top)[0];
          // a line that starts under the label, or carries a label itself, is the next field, not more of this one;
          // nor is a code-shaped run (an ID number cut from its label on a tilted card): no address holds one,
          // and a personal number must never ride along inside another field
          if (!next || !unlabelled(next.l) || next.r.left < first.left + height * 0.8 || CODE_RUN.test(normalizeNumber(next.l.text))) break;
          value += next.l.text.trim();
          rect = union(rect, next.r);
          confidence += next.l.confidence;
          parts++;
          used.add(next.l);
        }
      }
      if (value) return { value: value.replace(/\s+/g, ''), rect, confidence: confidence / parts };
    }
  }
  return null;
}

/** 15 or more characters of a code's alphabet in a row: the shape of an ID number or 统一社会信用代码, never of an address. */
const CODE_RUN = /[0-9A-Z]{15,}/;

/** Letters the code's alphabet lacks, read where a digit was printed: O and I are never in a code. */
const codeText = (s: string) => normalizeNumber(s).replace(/O/g, '0').replace(/I/g, '1');

/** A run of the codes' alphabet longer than a code: a character read too many (or two fields run together). */
const OVERLONG_RUN = /[0-9A-Z]{19,}/;

/**
 * The first 18-character run of a line that has the shape of the code asked for, with the line it came from;
 * `overlong` when the line's labelled value is a longer run instead. The shapes match whole runs only: a
 * window of a 19-character misreading passes the check character about one time in eleven (an ID number)
 * and was proposed as 校验位正确, a valid-looking number that is not the one printed.
 */
function findCode(lines: ReadLine[], shape: RegExp, label: string | null): (Found & { line: ReadLine; overlong: boolean }) | null {
  const ordered = label ? [...lines.filter((l) => labelRe(label).test(l.text)), ...lines.filter((l) => !labelRe(label).test(l.text))] : lines;
  for (const line of ordered) {
    const labelled = label !== null && labelRe(label).test(line.text);
    const afterLabel = label ? line.text.replace(labelRe(label), '') : line.text;
    const text = codeText(afterLabel);
    const labelPart = line.text.length - afterLabel.length;
    const m = shape.exec(text);
    const long = m ? null : labelled ? OVERLONG_RUN.exec(text) : null;
    if (!m && !long) continue;
    return { value: (m ?? long)![0], rect: valueRect(line, line.text.slice(0, labelPart)), confidence: line.confidence, line, overlong: !m };
  }
  return null;
}

const USCC_SHAPE = /(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])/;
const ID_SHAPE = /(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])/;

/** A date as printed (2018年05月20日, 2015.03.07, 2015-03-07, 20150307) → YYYY-MM-DD, or null. */
export function readDate(s: string): string | null {
  const m = /(\d{4})\s*[年.\-/]?\s*(\d{1,2})\s*[月.\-/]?\s*(\d{1,2})\s*日?/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 营业期限 / 有效期限: from and to (to may be 长期); null when neither end reads as a date. */
export function readPeriod(s: string): { from: string | null; to: string | null } | null {
  const [a, b] = s.split(/至|-(?=\s*(?:\d{4}|长期))|—|～|~/);
  const from = a ? readDate(a) : null;
  const to = b === undefined ? null : /长期/.test(b) ? '长期' : readDate(b);
  if (!to && /长期/.test(s)) return { from, to: '长期' };
  return from || to ? { from, to } : null;
}

/** Reads the fields of one document from its lines; `qrText` is what the licence's QR code carried (null: none found). */
export function documentFields(input: { lines: ReadLine[]; width: number; height: number; kind?: DocumentKind | null; qrText?: string | null; today?: Date }): DocumentReading {
  const { width, height } = input;
  const lines = [...input.lines].sort((a, b) => rectOf(a).top - rectOf(b).top);
  const detected = detectKind(lines);
  const kind: DocumentKind = detected ?? input.kind ?? 'licence';
  // Text that names no document (a shop sign, a page of notes) is not read as one: nothing is proposed.
  if (!detected) {
    const what = input.kind ? DOCUMENT_KIND_LABELS[input.kind] : '营业执照或身份证';
    return { kind, kindSource: 'chosen', width, height, proposals: [], refusals: [], qr: null, message: `照片中没有找到${what}的字段，请确认照片拍的是证件本身（完整、清晰）` };
  }
  const proposals: FieldProposal[] = [];
  const refusals: FieldRefusal[] = [];
  const spec = (key: string) => DOCUMENT_FIELDS[kind].find((f) => f.key === key)!;
  const box = (r: Rect): ReadingBox => ({
    x: clamp(r.left / width),
    y: clamp(r.top / height),
    width: clamp((r.right - r.left) / width),
    height: clamp((r.bottom - r.top) / height),
  });
  const propose = (key: string, f: Found, value: string, fill: Partial<Record<ReadingTarget, string>> | null = null, note: string | null = null) => {
    const s = spec(key);
    proposals.push({ key, label: s.label, value, fill: fill ?? Object.fromEntries(s.targets.map((t) => [t, value])), box: box(f.rect), confidence: round(f.confidence), note });
  };
  const refuse = (key: string, reason: string, f: Found | null) => refusals.push({ key, label: spec(key).label, reason, box: f ? box(f.rect) : null });
  const field = (key: string, continues = false) => labelled(lines, kind, LABELS[kind][key] ?? [], continues);
  let qr: DocumentReading['qr'] = null;

  if (kind === 'licence') {
    for (const key of ['name', 'type', 'legalRep'] as const) {
      const f = field(key);
      if (f) propose(key, f, f.value);
    }
    const address = field('address', true);
    if (address) propose('address', address, address.value);
    const term = field('term');
    const period = term ? readPeriod(term.value) : null;
    if (term && period?.to) propose('term', term, term.value, { 'entity.certValidTo': period.to });
    else if (term) refuse('term', `营业期限“${term.value}”读不出截止日期，请对照执照填写`, term);
    const code = findCode(lines, USCC_SHAPE, '统一社会信用代码');
    const qrCode = input.qrText ? codeInQr(input.qrText) : null;
    qr = { found: input.qrText != null, uscc: qrCode, agrees: null };
    if (!code) {
      refuse('uscc', qrCode ? '照片上的统一社会信用代码未能读出（二维码中有代码，但须与执照上印的代码一致才采用），请对照执照输入' : '照片上未能读出统一社会信用代码，请对照执照输入', null);
    } else if (code.overlong) {
      refuse('uscc', `读出的统一社会信用代码有 ${code.value.length} 位，应为 18 位（可能多读了字符），未采用，请对照执照逐位输入`, code);
    } else if (!checkUscc(code.value).ok) {
      refuse('uscc', '读出的统一社会信用代码校验位不符（可能有字符读错），未采用，请对照执照逐位输入', code);
    } else if (qrCode && qrCode !== code.value) {
      qr.agrees = false;
      refuse('uscc', '执照上读出的统一社会信用代码与执照二维码中的代码不一致，未采用，请对照原件核对后输入', code);
    } else {
      if (qrCode) qr.agrees = true;
      propose('uscc', code, code.value, null, qrCode ? '校验位正确，与执照二维码一致' : '校验位正确（未读到执照二维码，请核对）');
    }
  }

  if (kind === 'id-front') {
    const name = field('name');
    if (name) propose('name', name, name.value);
    const sexLine = lines.find((l) => /性\s*别/.test(l.text));
    const sexMatch = sexLine ? /性\s*别[\s:：]*([男女])/.exec(sexLine.text) : null;
    if (sexLine && sexMatch) propose('sex', { value: sexMatch[1]!, rect: valueRect(sexLine, sexLine.text.slice(0, (sexMatch.index ?? 0) + sexMatch[0].length - 1), sexMatch[1]!), confidence: sexLine.confidence }, sexMatch[1]!);
    const ethLine = lines.find((l) => /民\s*族/.test(l.text));
    const ethMatch = ethLine ? /民\s*族[\s:：]*([\u4e00-\u9fa5]{1,6})/.exec(ethLine.text) : null;
    if (ethLine && ethMatch) propose('ethnicity', { value: ethMatch[1]!, rect: valueRect(ethLine, ethLine.text.slice(0, (ethMatch.index ?? 0) + ethMatch[0].length - ethMatch[1]!.length), ethMatch[1]!), confidence: ethLine.confidence }, ethMatch[1]!);
    const birth = field('birth');
    const birthDate = birth ? readDate(birth.value) : null;
    if (birth && birthDate) propose('birth', birth, birthDate);
    const address = field('address', true);
    if (address) propose('address', address, address.value);
    const code = findCode(lines, ID_SHAPE, '公民身份号码');
    if (!code) refuse('number', '照片上未能读出公民身份号码，请对照身份证输入', null);
    else if (code.overlong) refuse('number', `读出的公民身份号码有 ${code.value.length} 位，应为 18 位（可能多读了数字），未采用，请对照身份证逐位输入`, code);
    else {
      const check = checkResidentId(code.value, input.today);
      if (!check.ok) refuse('number', check.problem === 'checkDigit' ? '读出的公民身份号码校验位不符（可能有数字读错），未采用，请对照身份证逐位输入' : '读出的公民身份号码不是有效号码，未采用，请对照身份证输入', code);
      else {
        const notes: string[] = ['校验位正确'];
        if (birthDate && birthDate !== check.info.birthDate) notes.push('号码中的出生日期与“出生”一栏不一致，请核对');
        const sex = proposals.find((p) => p.key === 'sex')?.value;
        if (sex && (sex === '男') !== check.info.male) notes.push('号码中的性别位与“性别”一栏不一致，请核对');
        propose('number', code, code.value, null, notes.join('；'));
      }
    }
  }

  if (kind === 'id-back') {
    const authority = field('authority');
    if (authority) propose('authority', authority, authority.value);
    const validity = field('validity');
    const period = validity ? readPeriod(validity.value) : null;
    if (validity && period?.from && period.to) propose('validity', validity, `${period.from} 至 ${period.to}`, { 'person.certValidFrom': period.from, 'person.certValidTo': period.to });
    else if (validity) refuse('validity', `有效期限“${validity.value}”读不出起止日期，请对照身份证填写`, validity);
  }

  const label = DOCUMENT_KIND_LABELS[kind];
  const message = proposals.length ? null : `照片上的${label}未能读出可采用的字段，请重新拍摄清晰、完整、无反光的照片，或对照证件手工填写`;
  return { kind, kindSource: 'read', width, height, proposals, refusals, qr, message };
}

/** The 统一社会信用代码 a licence's QR code carries (the gsxt link's uniscid, or an 18-character run), when its check character holds. */
export function codeInQr(text: string): string | null {
  const param = /uniscid=([0-9A-Za-z]{18})/.exec(text)?.[1];
  const candidates = [param, ...(normalizeNumber(text).match(new RegExp(USCC_SHAPE.source, 'g')) ?? [])].filter((c): c is string => !!c);
  for (const c of candidates) if (checkUscc(c).ok) return normalizeNumber(c);
  return null;
}

const clamp = (v: number) => Math.max(0, Math.min(1, Math.round(v * 10000) / 10000));
const round = (v: number) => Math.round(v * 1000) / 1000;
