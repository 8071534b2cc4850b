import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageIdentity } from './fetch-step.js';

describe('packageIdentity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-identity-'));
  const tgz = join(dir, 'package.tgz');
  const manifest = join(dir, 'package.json');
  writeFileSync(tgz, 'abc');
  writeFileSync(
    manifest,
    JSON.stringify({ name: 'x', scripts: { postinstall: 'node evil.js', test: 'vitest' } }),
  );

  it('gives the tarball integrity as npm writes it and only the install scripts', () => {
    expect(packageIdentity(tgz, manifest)).toEqual({
      // sha512 of "abc", base64
      integrity:
        'sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==',
      installScripts: { postinstall: 'node evil.js' },
    });
  });
  it('reads no file through a symlink and survives a missing tarball', () => {
    const link = join(dir, 'link.json');
    symlinkSync(manifest, link);
    expect(packageIdentity(join(dir, 'none.tgz'), link)).toEqual({ installScripts: {} });
  });
});
