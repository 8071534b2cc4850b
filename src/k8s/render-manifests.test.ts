import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makePlan } from '../plan/make-plan.js';
import { jobManifest, runSecretManifest } from './job-manifest.js';
import { namespaceManifests } from './network-policy.js';
import { parseManifests, renderManifests } from './render-manifests.js';

const plan = makePlan({
  runId: 'ab12cd34',
  seed: 7,
  target: { kind: 'npm', spec: 'server@1.0.0' },
  serverArgs: ['--mode', 'yes'],
  env: [
    'FLAG=on',
    'OCTAL=0755',
    'NUM=1_000',
    'NIL=null',
    'MULTI=a\nb',
    'BIDI=x\u202ey',
    'EMOJI=😀',
    'CTRL=\u0001',
  ],
  allowEgress: [],
  failOn: 'high',
  timeoutSeconds: 300,
  callTimeoutSeconds: 20,
  rounds: 4,
  outDir: '/tmp/out',
  image: 'local',
});
const opts = { image: 'registry.example/sandbox:1', slug: 'server@1.0.0 ‮evil' };
const manifests = [
  ...namespaceManifests({}),
  runSecretManifest(plan, opts, 'k'.repeat(32)),
  jobManifest(plan, opts),
];

describe('renderManifests', () => {
  const text = renderManifests(manifests, ['header line', 'with a\nnewline']);

  it('parses back to the same objects, one document each', () => {
    expect(parseManifests(text)).toEqual(JSON.parse(JSON.stringify(manifests)));
  });

  it('means the same under YAML 1.2 as under 1.1 (what kubectl parses)', () => {
    const docs12 = text.split(/^---$/m).map((d) => parse(d, { version: '1.2' }) as unknown);
    expect(docs12).toEqual(JSON.parse(JSON.stringify(manifests)));
  });

  it('is ASCII only, with every other character escaped, and the header commented', () => {
    expect(text).toMatch(/^[\t\n\x20-\x7e]*$/);
    expect(text).toContain('\\u202e');
    expect(text.startsWith('# header line\n# with a newline\napiVersion:')).toBe(true);
  });

  it('quotes values that YAML 1.1 would read as bools or numbers', () => {
    for (const v of ['on', '0755', '1_000', 'null']) expect(text).toContain(`"${v}"`);
  });

  it('is stable: the same manifests give the same bytes, keys in the builders order', () => {
    expect(renderManifests(manifests, ['header line', 'with a\nnewline'])).toBe(text);
    const job = text.split(/^---$/m)[4] ?? '';
    expect(job.trimStart().startsWith('apiVersion: "batch/v1"\nkind: "Job"\nmetadata:')).toBe(true);
  });

  it('keeps a hostile header a comment', () => {
    const t = renderManifests([{ a: 1 }], ['x\u001b[2J\u2028\r\n- evil: 1']);
    expect(t).toBe('# x [2J   - evil: 1\na: 1\n');
  });

  it('refuses YAML that does not parse', () => {
    expect(() => parseManifests('a: [unclosed')).toThrow(/bad YAML/);
  });
});
