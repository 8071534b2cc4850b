// The remembered `npm config get`: asked once, answered from the cache while nothing npm reads
// changed, asked again when the user's npmrc or an npm_config_ variable changes, or when off.
// A stand-in `npm` on PATH counts how often it is asked.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostNpmConfig } from './host-npm-config.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const d = mkdtempSync(join(tmpdir(), 'npm-config-'));
  dirs.push(d);
  mkdirSync(join(d, 'bin'));
  mkdirSync(join(d, 'home'));
  const count = join(d, 'count');
  writeFileSync(count, '');
  writeFileSync(
    join(d, 'bin', 'npm'),
    `#!/bin/sh\necho x >> ${count}\necho "https://registry.test/$npm_config_registry"\n`,
  );
  chmodSync(join(d, 'bin', 'npm'), 0o755);
  const env: NodeJS.ProcessEnv = { PATH: `${join(d, 'bin')}:/usr/bin:/bin`, HOME: join(d, 'home') };
  const asked = () => readFileSync(count, 'utf8').split('\n').filter(Boolean).length;
  return { d, env, asked, file: join(d, 'cache.json') };
}

describe('hostNpmConfig', () => {
  it('asks npm once while nothing it reads changes', async () => {
    const { d, env, asked, file } = setup();
    const get = (e = env) => hostNpmConfig('registry', d, { env: e, file });
    expect(await get()).toBe('https://registry.test/');
    expect(await get()).toBe('https://registry.test/');
    expect(asked()).toBe(1);
    writeFileSync(join(d, 'home', '.npmrc'), 'registry=https://other.test/\n');
    await get();
    expect(asked()).toBe(2);
    expect(await get({ ...env, npm_config_registry: 'mirror' })).toBe(
      'https://registry.test/mirror',
    );
    expect(asked()).toBe(3);
    await get({ ...env, AIRLOCK_NPM_CONFIG_CACHE: '0' });
    expect(asked()).toBe(4);
  });

  it('asks again after a day', async () => {
    const { d, env, asked, file } = setup();
    const now = Date.now();
    await hostNpmConfig('registry', d, { env, file, now });
    await hostNpmConfig('registry', d, { env, file, now: now + 25 * 3600 * 1000 });
    expect(asked()).toBe(2);
  });
});
