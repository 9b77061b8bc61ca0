// The team server's certificate checks, and how they name a date to an operator in China.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { certificateEnd, loadCertificate } from '../../../main/web/certificate';
import { tempDir } from '../../helpers';

async function certificateFiles(notAfterDate: Date): Promise<{ certFile: string; keyFile: string }> {
  const dir = tempDir();
  const pems = await generate([{ name: 'commonName', value: 'test' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(notAfterDate.getTime() - 86_400_000),
    notAfterDate,
  });
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private);
  return { certFile, keyFile };
}

describe('certificate', () => {
  it('names an expired certificate’s end in China time, not OpenSSL’s GMT text', async () => {
    // 2024-03-31 20:30 UTC is 2024-04-01 04:30 in Beijing: the day an operator reads must be China's
    const { certFile, keyFile } = await certificateFiles(new Date('2024-03-31T20:30:00Z'));
    expect(() => loadCertificate(certFile, keyFile)).toThrow(`证书已于 2024-04-01 04:30（北京时间）过期：${certFile}`);
  });

  it('says when a valid certificate ends, in China time', async () => {
    const { certFile, keyFile } = await certificateFiles(new Date('2099-12-31T17:00:00Z'));
    const cert = loadCertificate(certFile, keyFile);
    expect(cert.validTo).toMatch(/GMT$/);
    expect(certificateEnd(cert.validTo)).toBe('2100-01-01 01:00（北京时间）');
  });
});
