// The composite GitHub Action (action.yml) as far as it can run here: its shape (inputs used,
// SARIF uploaded even when the analysis fails, the gate last) and its analysis step
// (scripts/action-run.sh) run for real with the built CLI: exit codes recorded as step outputs,
// inputs never evaluated by the shell. GitHub itself is not reachable from this machine.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../src/util/project-root.js';

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  id?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
const action = parse(readFileSync(join(projectRoot(), 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; steps: Step[] };
};

describe('action.yml', () => {
  const steps = action.runs.steps;
  it('is a composite action whose analysis step passes every input through the environment', () => {
    expect(action.runs.using).toBe('composite');
    const run = steps.find((s) => s.id === 'run');
    expect(run?.run).toBe('bash "$GITHUB_ACTION_PATH/scripts/action-run.sh"');
    for (const name of [
      'command',
      'target',
      'new-target',
      'fail-on',
      'policy',
      'lock',
      'args',
      'out',
    ])
      expect(Object.values(run?.env ?? {})).toContain(`\${{ inputs.${name} }}`);
    // no input is spliced into a shell script
    for (const s of steps) expect(s.run ?? '').not.toMatch(/\$\{\{\s*inputs\./);
  });
  it('uploads the SARIF and the reports even when the analysis fails, and gates last', () => {
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.if).toMatch(/always\(\)/);
    expect(upload?.with?.['sarif_file']).toBe('${{ steps.run.outputs.sarif }}');
    const artifact = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(artifact?.if).toMatch(/always\(\)/);
    expect(steps.at(-1)?.run).toMatch(/exit 1/);
    expect(action.outputs).toHaveProperty('exit-code');
  });
});

describe('scripts/action-run.sh', () => {
  const bin = mkdtempSync(join(tmpdir(), 'airlock-action-bin-'));
  // sudo on a runner; here it only drops its own option and runs the command
  writeFileSync(join(bin, 'sudo'), '#!/bin/sh\n[ "$1" = "-E" ] && shift\nexec "$@"\n');
  chmodSync(join(bin, 'sudo'), 0o755);

  async function step(env: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'airlock-action-'));
    const output = join(dir, 'output');
    writeFileSync(output, '');
    const r = await execa('bash', [join(projectRoot(), 'scripts', 'action-run.sh')], {
      cwd: dir,
      reject: false,
      env: {
        PATH: `${bin}:${process.env['PATH'] ?? ''}`,
        GITHUB_ACTION_PATH: projectRoot(),
        GITHUB_OUTPUT: output,
        AIRLOCK_OUT: join(dir, 'out'),
        ...env,
      },
      timeout: 120_000,
    });
    return {
      exitCode: r.exitCode,
      stderr: String(r.stderr),
      outputs: readFileSync(output, 'utf8'),
      dir,
    };
  }

  it('records the exit code of a run that could not start and still exits 0', async () => {
    const r = await step({ AIRLOCK_COMMAND: 'analyze', AIRLOCK_TARGET: './no/such/folder' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toContain('exit-code=2');
    expect(r.outputs).not.toContain('sarif=');
    expect(r.stderr).toMatch(/no such file or folder/);
  });
  it('never evaluates an input', async () => {
    const r = await step({
      AIRLOCK_COMMAND: 'analyze',
      AIRLOCK_TARGET: '$(touch pwned-target)',
      AIRLOCK_ARGS: '--rounds 1; touch pwned-args `touch pwned-tick` *',
    });
    expect(r.outputs).toContain('exit-code=2');
    for (const f of ['pwned-target', 'pwned-args', 'pwned-tick'])
      expect(existsSync(join(r.dir, f))).toBe(false);
  });
  it('refuses an unknown command with exit code 2', async () => {
    const r = await step({ AIRLOCK_COMMAND: 'rm', AIRLOCK_TARGET: 'x' });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toContain('exit-code=2');
  });
});
