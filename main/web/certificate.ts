// The team server's TLS certificate: one the agency supplies (checked: it parses, is in date, and the key
// belongs to it), or a self-signed one made once in the data folder's tls/ (owner-only, written
// temp-then-rename) whose SHA-256 fingerprint the desks pin instead of trusting a CA.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { chinaDateTime } from '../domain/dates';
import { DeskError } from '../domain/errors';
import { writeFileAtomic } from '../files/atomicWrite';
import { ownerOnlyDir, ownerOnlyFile } from '../files/ownerOnly';

export interface ServerCertificate {
  cert: string;
  key: string;
  /** SHA-256 of the DER certificate, as colon-separated hex (what browsers and `openssl x509 -fingerprint -sha256` show). */
  fingerprint256: string;
  validTo: string;
  selfSigned: boolean;
}

export const TLS_DIR = 'tls';
const CERT_FILE = 'server-cert.pem';
const KEY_FILE = 'server-key.pem';
/** A self-signed certificate is pinned by fingerprint, so its lifetime is the pin's: long, renewed by deleting tls/. */
const SELF_SIGNED_DAYS = 825;

function checked(cert: string, key: string, selfSigned: boolean, where: string): ServerCertificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new DeskError('FILE_INVALID', `证书文件不是有效的 PEM 格式 X.509 证书：${where}`);
  }
  let matches = false;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new DeskError('FILE_INVALID', `私钥文件无法读取（应为未加密的 PEM 私钥）：${where}`);
  }
  if (!matches) throw new DeskError('FILE_INVALID', `私钥与证书不匹配：${where}`);
  if (Date.parse(x509.validTo) <= Date.now()) throw new DeskError('FILE_INVALID', `证书已于 ${certificateEnd(x509.validTo)}过期：${where}`);
  return { cert, key, fingerprint256: x509.fingerprint256, validTo: x509.validTo, selfSigned };
}

/** A certificate's end in China time (OpenSSL's own text is GMT, "Dec 31 12:00:00 2027 GMT", which an operator misreads by 8 hours). */
export function certificateEnd(validTo: string): string {
  return `${chinaDateTime(Date.parse(validTo))}（北京时间）`;
}

export function loadCertificate(certFile: string, keyFile: string): ServerCertificate {
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(certFile, 'utf8');
    key = readFileSync(keyFile, 'utf8');
  } catch {
    throw new DeskError('FILE_INVALID', `无法读取证书或私钥文件：${certFile}、${keyFile}`);
  }
  return checked(cert, key, false, certFile);
}

/** Every address the certificate should name: loopback, the listen address, and this machine's LAN addresses when listening on all. */
export function certificateNames(listenHost: string): { dns: string[]; ips: string[] } {
  const ips = new Set(['127.0.0.1', '::1']);
  const dns = new Set(['localhost']);
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::';
  if (wildcard) {
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) if (!i.internal) ips.add(i.address);
  } else if (/^[\d.]+$/.test(listenHost) || listenHost.includes(':')) ips.add(listenHost);
  else dns.add(listenHost);
  return { dns: [...dns], ips: [...ips] };
}

/** The data folder's self-signed certificate, made on first use (P-256, SHA-256) and kept. */
export async function selfSignedCertificate(dataDir: string, listenHost: string): Promise<ServerCertificate> {
  const dir = join(dataDir, TLS_DIR);
  const certFile = join(dir, CERT_FILE);
  const keyFile = join(dir, KEY_FILE);
  if (existsSync(certFile) && existsSync(keyFile)) {
    ownerOnlyFile(keyFile);
    return checked(readFileSync(certFile, 'utf8'), readFileSync(keyFile, 'utf8'), true, certFile);
  }
  ownerOnlyDir(dir);
  const names = certificateNames(listenHost);
  const notBeforeDate = new Date(Date.now() - 60_000);
  // selfsigned and its ASN.1 packages load only here: a server reusing tls/ never needs them
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: '备案助手团队服务器' }, { name: 'organizationName', value: 'BeianDesk' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + SELF_SIGNED_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...names.dns.map((value) => ({ type: 2 as const, value })), ...names.ips.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  // the key first: a certificate on disk means its key is there too
  writeFileAtomic(keyFile, pems.private, 0o600);
  writeFileAtomic(certFile, pems.cert, 0o600);
  return checked(pems.cert, pems.private, true, certFile);
}
