// The interception CA of this installation: made once (on first set-up), kept under .airlock/ca
// with its key readable by root only, baked into the sandbox image's trust store, and mounted
// with its key into the gateway only. Per installation rather than per run, so the target has no
// bind-mounted trust bundle to notice; dated well in the past with an ordinary corporate name,
// so it does not read as "made a second ago by a sandbox" either. It is trusted nowhere but in
// the sandbox image.
import { webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/util/project-root.js';

export interface InstallCa {
  certPem: string;
  keyPem: string;
}

const DAY = 24 * 3600 * 1000;

/** Where this installation keeps its CA (root-only). */
export function installCaDir(): string {
  return join(projectRoot(), '.airlock', 'ca');
}

/** Read the CA from `dir`, or make and store it there first. */
export async function ensureInstallCa(dir: string, now = Date.now()): Promise<InstallCa> {
  const certPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'ca.key');
  if (existsSync(certPath) && existsSync(keyPath))
    return { certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
  const ca = await makeCa(now);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  writeFileSync(keyPath, ca.keyPem, { mode: 0o600 });
  writeFileSync(certPath, ca.certPem, { mode: 0o644 });
  return ca;
}

/** A self-signed CA valid from one to three years ago for ten years. */
export async function makeCa(now: number): Promise<InstallCa> {
  // Loaded here, not at the top: only the first set-up makes a CA, and the library costs about
  // 0.3 s of every run's start.
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as never);
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const ageDays = 400 + ((webcrypto.getRandomValues(new Uint16Array(1))[0] ?? 0) % 700);
  const notBefore = new Date(now - ageDays * DAY);
  const notAfter = new Date(notBefore.getTime() + 3652 * DAY);
  const name = 'C=US, O=Corporate IT, OU=Network Security, CN=Corporate Root CA';
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
      .toString('hex')
      .replace(/^[89a-f]/, '7'),
    name,
    notBefore,
    notAfter,
    keys: keys as never,
    signingAlgorithm: alg as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign |
          x509.KeyUsageFlags.cRLSign |
          x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8)
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n')}-----END PRIVATE KEY-----\n`;
  return { certPem: cert.toString('pem'), keyPem };
}
