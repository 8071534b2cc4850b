import {
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSeed } from './plant.js';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-plant-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeSeed', () => {
  it('replaces a hard-linked project file instead of writing through the link', () => {
    // The staged project may be hard links into the staged-project cache.
    const cached = join(tmp, 'cache-entry-.env');
    writeFileSync(cached, 'CACHED=1\n');
    const project = join(tmp, 'project');
    const home = join(tmp, 'home-seed');
    mkdirSync(project);
    mkdirSync(home);
    linkSync(cached, join(project, '.env'));
    const now = Date.UTC(2026, 11, 6);
    writeSeed(
      [
        { path: './.env', content: 'API_KEY=canary\n', mode: 0o600, secret: true },
        { path: '~/.npmrc', content: '//r.example/:_authToken=x\n', mode: 0o600, secret: true },
      ],
      home,
      project,
      now,
    );
    expect(readFileSync(join(project, '.env'), 'utf8')).toBe('API_KEY=canary\n');
    expect(readFileSync(cached, 'utf8')).toBe('CACHED=1\n');
    expect(lstatSync(cached).nlink).toBe(1);
    expect(lstatSync(join(project, '.env')).mode & 0o777).toBe(0o644);
    expect(lstatSync(join(project, '.env')).mtimeMs).toBe(now - 30 * 24 * 3600 * 1000);
    expect(readFileSync(join(home, '.npmrc'), 'utf8')).toContain('_authToken');
  });
});
