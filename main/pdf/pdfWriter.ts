// A small PDF file writer for documents made of ready parts (the 核验单): numbered objects written as text,
// streams compressed with node's zlib (native; pdf-lib deflates with pako in JS, which was a third of a
// sheet's cost), a classic cross-reference table. pdf-lib reads the result back (stamping, combined prints).
import { deflateSync } from 'node:zlib';

const encoder = new TextEncoder();

/**
 * A number as pdf-lib writes it (its numberToString): plain decimal, never exponent notation, so a page
 * drawn here puts every mark exactly where pdf-lib would.
 */
export function pdfNumber(n: number): string {
  const s = String(n);
  if (!s.includes('e')) return s;
  if (Math.abs(n) < 1) {
    const e = parseInt(s.split('e-')[1]!, 10);
    const digits = (Math.abs(n) * Math.pow(10, e - 1)).toString().substring(2);
    return `${n < 0 ? '-' : ''}0.${'0'.repeat(e - 1)}${digits}`;
  }
  return BigInt(Math.round(n)).toString();
}

/** A text string (title, creator) as UTF-16BE with its byte order mark, in hex: any script survives. */
export function pdfTextString(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** A date as PDF writes it, in UTC. */
export function pdfDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `(D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z)`;
}

/** Content-stream or other text, Flate-compressed with node's zlib. */
export function deflated(data: string | Uint8Array): Uint8Array {
  return deflateSync(typeof data === 'string' ? encoder.encode(data) : data);
}

export const ref = (n: number) => `${n} 0 R`;

export class PdfWriter {
  private readonly objects: (Uint8Array[] | undefined)[] = [];

  /** A number for an object written later (objects may refer to each other in any order). */
  reserve(): number {
    this.objects.push(undefined);
    return this.objects.length;
  }

  /** A dictionary, array or other object, given as its PDF text. */
  object(n: number, body: string): number {
    this.objects[n - 1] = [encoder.encode(`${n} 0 obj\n${body}\nendobj\n`)];
    return n;
  }

  /** A stream already Flate-compressed (`extra`: further dictionary entries, e.g. "/Length1 1234"). */
  flateStream(n: number, compressed: Uint8Array, extra = ''): number {
    const head = encoder.encode(`${n} 0 obj\n<< /Filter /FlateDecode /Length ${compressed.byteLength}${extra ? ` ${extra}` : ''} >>\nstream\n`);
    this.objects[n - 1] = [head, compressed, encoder.encode('\nendstream\nendobj\n')];
    return n;
  }

  /** The file: header, objects in number order, cross-reference table and trailer. */
  finish(root: number, info: number): Uint8Array {
    // the second line's high bytes tell transfer tools the file is binary
    const parts: Uint8Array[] = [Uint8Array.of(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a)];
    let size = parts[0]!.byteLength;
    let xref = `xref\n0 ${this.objects.length + 1}\n0000000000 65535 f \n`;
    this.objects.forEach((chunks, i) => {
      if (!chunks) throw new Error(`PDF object ${i + 1} reserved but never written`);
      xref += `${String(size).padStart(10, '0')} 00000 n \n`;
      for (const c of chunks) {
        parts.push(c);
        size += c.byteLength;
      }
    });
    parts.push(encoder.encode(`${xref}trailer\n<< /Size ${this.objects.length + 1} /Root ${ref(root)} /Info ${ref(info)} >>\nstartxref\n${size}\n%%EOF\n`));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}
