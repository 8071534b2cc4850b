// The fake registry on loopback: packuments with integrity that matches the tarball, tarballs
// laid out as npm packs them, dependencies found as Node resolves them (a nested version
// included), scoped names in both spellings, and 404s.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeRegistry, startFakeRegistry } from './fake-registry.js';

let dir: string;
let reg: FakeRegistry;

function pkg(folder: string, manifest: Record<string, unknown>, files: Record<string, string>) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
}

async function entries(tgz: Buffer): Promise<Record<string, { mode: number; text: string }>> {
  const out: Record<string, { mode: number; text: string }> = {};
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      out[header.name] = { mode: header.mode ?? 0, text: Buffer.concat(chunks).toString() };
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    Readable.from([tgz]).pipe(createGunzip()).pipe(extract);
  });
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fake-registry-test-'));
  const project = join(dir, 'project');
  pkg(project, { name: 'project', version: '0.0.0' }, {});
  pkg(
    join(dir, 'fixture'),
    {
      name: 'fixture-server',
      version: '1.2.0',
      files: ['index.js', 'lib/'],
      bin: { 'fixture-server': './index.js' },
      dependencies: {
        '@scope/dep': '^2.0.0',
        'from-url': 'https://packages.example/x.tgz',
        'not-installed': '^1.0.0',
      },
    },
    { 'index.js': 'main', 'lib/a.js': 'a', 'secret.txt': 'no', 'README.md': 'r' },
  );
  pkg(
    join(project, 'node_modules/@scope/dep'),
    { name: '@scope/dep', version: '2.1.0', _resolved: 'x', dependencies: { leaf: '^1.0.0' } },
    { 'dist/x.js': 'x' },
  );
  // The dependency's own nested copy wins over the project's, as Node resolves it.
  pkg(
    join(project, 'node_modules/@scope/dep/node_modules/leaf'),
    { name: 'leaf', version: '1.5.0' },
    {},
  );
  pkg(join(project, 'node_modules/leaf'), { name: 'leaf', version: '3.0.0' }, {});
  reg = await startFakeRegistry({
    host: '127.0.0.1',
    packages: [{ folder: join(dir, 'fixture') }],
    projectDir: project,
  });
});

afterAll(async () => {
  await reg?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, accept = 'application/vnd.npm.install-v1+json') =>
  fetch(`${reg.url}${path}`, { headers: { accept } });

describe('the fake registry', () => {
  it('serves a packument whose tarball matches its integrity and shasum', async () => {
    const res = await get('/fixture-server');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      'dist-tags': { latest: string };
      versions: Record<string, { dist: { tarball: string; integrity: string; shasum: string } }>;
    };
    expect(doc['dist-tags'].latest).toBe('1.2.0');
    const dist = doc.versions['1.2.0']?.dist;
    expect(dist?.tarball).toBe(`${reg.url}/fixture-server/-/fixture-server-1.2.0.tgz`);
    const tgz = Buffer.from(await (await fetch(dist?.tarball ?? '')).arrayBuffer());
    expect(dist?.integrity).toBe(`sha512-${createHash('sha512').update(tgz).digest('base64')}`);
    expect(dist?.shasum).toBe(createHash('sha1').update(tgz).digest('hex'));
    const files = await entries(tgz);
    expect(Object.keys(files).sort()).toEqual([
      'package/README.md',
      'package/index.js',
      'package/lib/a.js',
      'package/package.json',
    ]);
    expect(files['package/index.js']?.mode).toBe(0o644);
  });

  it('serves a scoped dependency under both spellings, without the installer fields', async () => {
    for (const path of ['/@scope%2fdep', '/@scope/dep']) {
      const doc = (await (await get(path)).json()) as {
        versions: Record<string, Record<string, unknown>>;
      };
      const v = doc.versions['2.1.0'];
      expect(v?.['_resolved']).toBeUndefined();
      expect(v?.['_id']).toBe('@scope/dep@2.1.0');
      expect((v?.['dist'] as { tarball: string }).tarball).toBe(
        `${reg.url}/@scope/dep/-/dep-2.1.0.tgz`,
      );
    }
    const tgz = await get('/@scope/dep/-/dep-2.1.0.tgz');
    expect(tgz.status).toBe(200);
    expect(Object.keys(await entries(Buffer.from(await tgz.arrayBuffer())))).toContain(
      'package/dist/x.js',
    );
  });

  it('resolves a dependency from its dependent folder first', async () => {
    const doc = (await (await get('/leaf')).json()) as { versions: Record<string, unknown> };
    expect(Object.keys(doc.versions)).toEqual(['1.5.0']);
  });

  it('answers 404 for what it does not have', async () => {
    for (const path of [
      '/not-installed',
      '/from-url',
      '/leaf/-/leaf-9.9.9.tgz',
      '/-/npm/v1/security/advisories/bulk',
      '/%E0%A4%A',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: 'Not found' });
    }
    expect(reg.requests).toContain('GET /not-installed');
  });
});
