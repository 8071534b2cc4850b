import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plantedOf, readState, type StagedState, writeState } from './pod-state.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pod-state-'));
  dirs.push(d);
  return d;
};

const staged: StagedState = {
  kind: 'staged',
  manifest: { name: 'x', version: '1.0.0', entry: 'index.js' } as StagedState['manifest'],
  entryInProject: 'node_modules/x/index.js',
  fetch: {
    registry: 'https://registry.test/',
    dependencies: [],
    refused: [],
    resolvedElsewhere: [],
  },
  installWork: 'x: postinstall',
  planted: {
    canarySet: { env: { GITHUB_TOKEN: 'ghp_x' }, files: [], canaries: [], endpoints: [] },
    purposes: [
      [
        'env:GITHUB_TOKEN',
        { service: 'GitHub', hosts: ['api.github.com'], basis: 'well-known', reason: 'r' },
      ],
    ] as StagedState['planted']['purposes'],
    serverEnv: { GITHUB_TOKEN: 'ghp_x' },
    env: ['HOME=/home/dev', 'GITHUB_TOKEN=ghp_x'],
  },
  timings: { fetch: 12 },
  notes: ['a note'],
};

describe('pod state', () => {
  it('round-trips what the stage hands the runner, purposes back as a Map', () => {
    const p = join(tmp(), 'state.json');
    writeState(p, staged);
    const back = readState(p);
    expect(back).toEqual(staged);
    const planted = plantedOf(back as StagedState, '');
    expect(planted.purposes.get('env:GITHUB_TOKEN')?.service).toBe('GitHub');
    expect(planted.env).toContain('GITHUB_TOKEN=ghp_x');
  });

  it('refuses what is not a state', () => {
    const p = join(tmp(), 'state.json');
    for (const text of ['null', '[]', '{"kind":"staged"}', '{"kind":"other"}', 'not json']) {
      writeFileSync(p, text);
      expect(() => readState(p)).toThrow();
    }
  });
});
