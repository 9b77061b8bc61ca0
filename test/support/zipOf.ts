// A zip made in memory from named entries, for tests that hand a workbook or an archive its own parts.
import yazl from 'yazl';

export function zipOf(entries: Record<string, Buffer>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) z.addBuffer(data, name);
  z.end();
  const parts: Buffer[] = [];
  return new Promise((resolve) => {
    z.outputStream.on('data', (c: Buffer) => parts.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(parts)));
  });
}
