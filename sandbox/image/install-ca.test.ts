// The installation CA: made once, reused, dated in the past, a CA mockttp can sign with.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCACertificate, getLocal } from 'mockttp';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureInstallCa } from './install-ca.js';

const dir = mkdtempSync(join(tmpdir(), 'install-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ensureInstallCa', () => {
  it('makes a backdated CA once, key readable by its owner only, and reuses it', async () => {
    const now = Date.UTC(2026, 11, 6);
    const a = await ensureInstallCa(join(dir, 'ca'), now);
    const cert = new X509Certificate(a.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toContain('CN=Corporate Root CA');
    const age = (now - new Date(cert.validFrom).getTime()) / 86_400_000;
    expect(age).toBeGreaterThanOrEqual(399);
    expect(age).toBeLessThan(1100);
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(now + 365 * 86_400_000);
    expect(statSync(join(dir, 'ca', 'ca.key')).mode & 0o077).toBe(0);
    const b = await ensureInstallCa(join(dir, 'ca'), now);
    expect(b).toEqual(a);
    expect(generateCACertificate).toBeTypeOf('function');
  });

  it('is a CA mockttp can intercept with', async () => {
    const ca = await ensureInstallCa(join(dir, 'ca'));
    const server = getLocal({ https: { key: ca.keyPem, cert: ca.certPem } });
    await server.start();
    await server.stop();
  });
});
