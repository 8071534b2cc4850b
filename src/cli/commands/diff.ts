// `mcp-airlock diff <old> <new>`: both versions analysed through one engine with the same seed,
// inputs and canaries (so the same request gets the same fake reply), their behaviour
// normalised and compared. Writes old/ and new/ reports, diff.json and diff.html; exit 1 when
// the new version adds risky behaviour, 0 when it adds none.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import { renderDiffHtml } from '../../../reports/render-diff-html.js';
import { renderDiffJson } from '../../../reports/render-diff-json.js';
import { behaviourProfile } from '../../diff/behaviour-profile.js';
import { diffProfiles } from '../../diff/diff-profiles.js';
import type { CleanupRegistry } from '../../pipeline/cleanup-registry.js';
import { openEngine, planRequest, runAnalysis } from '../../pipeline/front-door.js';
import { analysisRequest, progressLog } from '../analysis-request.js';
import type { CliCommand } from '../program.js';

export async function diffCommand(
  cmd: Extract<CliCommand, { kind: 'diff' }>,
  cleanup: CleanupRegistry,
): Promise<number> {
  const o = cmd.options;
  const log = progressLog(o);
  const out = resolve(o.out);
  const seed = o.seed ?? randomInt(1, 2 ** 31);
  const shared = { ...o, seed };
  const requests = (['old', 'new'] as const).map((side) => ({
    ...analysisRequest(side === 'old' ? cmd.oldTarget : cmd.newTarget, [], shared),
    canaryKey: `diff-${seed}`,
    outDir: join(out, side),
  }));
  for (const r of requests) planRequest(r, '');
  const engine = await openEngine({ log });
  const reports = [];
  for (const r of requests) {
    log(`analysing ${r.outDir.endsWith('old') ? 'the old' : 'the new'} version`);
    reports.push((await runAnalysis(engine, r, { cleanup, log })).report);
  }
  const [before, after] = reports;
  if (!before || !after) return 2;
  const diff = diffProfiles(behaviourProfile(before), behaviourProfile(after));
  const jsonPath = resolve(o.json ?? join(out, 'diff.json'));
  const htmlPath = resolve(o.html ?? join(out, 'diff.html'));
  for (const [path, text] of [
    [jsonPath, renderDiffJson(diff, before, after)],
    [htmlPath, renderDiffHtml(diff, before, after)],
  ] as const) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const label = (r: typeof before) => `${r.target.name}@${r.target.version}`;
  for (const reason of diff.reasons) process.stderr.write(`mcp-airlock: new: ${reason}\n`);
  process.stderr.write(
    diff.risky
      ? `mcp-airlock: diff ${label(before)} -> ${label(after)}: the new version adds risky behaviour (${diff.reasons.length} differences); see ${htmlPath}\n`
      : `mcp-airlock: diff ${label(before)} -> ${label(after)}: the new version adds no risky behaviour; see ${htmlPath}\n`,
  );
  return diff.risky ? 1 : 0;
}
