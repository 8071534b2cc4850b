// The pipeline: plan -> fetch -> pod -> install -> harness -> collect -> rules -> report.
// Effects are wired here and nowhere else; each step is a named module. Our failures throw
// AnalyzerError; whatever the package does becomes data in the report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type Docker from 'dockerode';
import { removeRunContainers } from '../../sandbox/docker/cleanup.js';
import { Pod } from '../../sandbox/docker/pod.js';
import { TARGET_PROJECT, TARGET_PROJECT_SOURCE, targetEnv } from '../../sandbox/docker/pod-spec.js';
import { createRunDir, writeRunCa } from '../../sandbox/run-dir.js';
import { runSession } from '../../harness/session.js';
import { renderHtml } from '../../reports/render-html.js';
import { renderJson } from '../../reports/render-json.js';
import { countBySeverity, verdictOf } from '../domain/severity.js';
import type { PhaseWindow, Plan, ProcessLog, Report } from '../domain/types.js';
import { fetchPackage } from '../fetch/fetch-package.js';
import { describeTarget } from '../plan/target-spec.js';
import { runRules } from '../rules/run-rules.js';
import { projectVersion } from '../util/project-root.js';
import type { CleanupRegistry } from './cleanup-registry.js';
import { collectNetwork } from './collect.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Time for the kernel's NFLOG batching and late sends to reach the capture. */
const FINAL_SETTLE_MS = 1500;

export interface AnalyzeDeps {
  docker: Docker;
  cleanup: CleanupRegistry;
  log: (line: string) => void;
}

export async function analyze(plan: Plan, deps: AnalyzeDeps): Promise<Report> {
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const mark = (name: string, since: number) => (timings[name] = Date.now() - since);
  const notes: string[] = [];

  const runDir = createRunDir(plan.runId);
  deps.cleanup.add(() => runDir.remove());
  let step = Date.now();
  deps.log(`fetching ${describeTarget(plan.target)}`);
  const staged = await fetchPackage(plan.target, runDir.path);
  mark('fetch', step);

  step = Date.now();
  await writeRunCa(runDir);
  // Registered before the pod exists: an interrupt during start-up still finds its containers.
  deps.cleanup.add(() => removeRunContainers(deps.docker, plan.runId));
  const pod = await Pod.start(deps.docker, plan, {
    gatewayDir: runDir.gatewayDir,
    projectDir: staged.projectDir,
    caBundle: runDir.caBundle,
  });
  deps.cleanup.add(() => pod.destroy());
  mark('pod', step);

  try {
    const env = targetEnv(plan.serverEnv);
    const copy = await pod.execInTarget({
      cmd: ['cp', '-R', `${TARGET_PROJECT_SOURCE}/.`, TARGET_PROJECT],
      user: '1000:1000',
      timeoutMs: 120_000,
      maxBytes: 8192,
    });
    if (copy.exitCode !== 0)
      notes.push(`copying the staged project failed: ${copy.stderr.slice(0, 500)}`);

    // install: lifecycle scripts of the package and its dependencies, under full capture.
    deps.log('install phase');
    const installStart = Date.now();
    const install = await pod.execInTarget({
      cmd: ['npm', 'rebuild', '--foreground-scripts', '--no-audit', '--no-fund', '--offline'],
      user: '1000:1000',
      env: [
        ...env,
        'npm_config_dangerously_allow_all_scripts=true',
        'npm_config_update_notifier=false',
        'npm_config_cache=/tmp/.npm',
      ],
      workdir: TARGET_PROJECT,
      timeoutMs: plan.limits.installMs,
      maxBytes: 32 * 1024,
    });
    await sleep(plan.limits.settleMs);
    const installWindow: PhaseWindow = { phase: 'install', start: installStart, end: Date.now() };
    mark('install', installStart);
    const installLog: ProcessLog = {
      exitCode: install.exitCode,
      timedOut: install.timedOut,
      outputExcerpt: `${install.stdout.toString('utf8').slice(0, 16384)}${install.stderr ? `\n${install.stderr.slice(0, 16384)}` : ''}`,
    };

    deps.log('starting the server');
    const command = ['node', `${TARGET_PROJECT}/${staged.entryInProject}`, ...plan.serverArgs];
    const deadline = t0 + plan.limits.totalMs;
    const session = await runSession(() => pod.attach(command, env, TARGET_PROJECT), command, {
      seed: plan.seed,
      rounds: plan.rounds,
      startupMs: plan.limits.startupMs,
      callMs: plan.limits.callMs,
      settleMs: plan.limits.settleMs,
      deadline,
      maxRestarts: 3,
      maxTools: 500,
      now: Date.now,
      sleep,
    });
    for (const p of session.phases) timings[p.phase] = p.end - p.start;
    notes.push(...session.notes);
    for (const r of session.restarts) notes.push(`server restarted: ${r.cause}`);

    step = Date.now();
    await sleep(FINAL_SETTLE_MS);
    const timeline = { phases: [installWindow, ...session.phases], calls: session.callWindows };
    mkdirSync(plan.outDir, { recursive: true });
    const network = await collectNetwork(pod, timeline, plan.outDir, notes);
    mark('collect', step);

    const findings = runRules(network, plan.allowEgress);
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 'mcp-airlock', version: projectVersion() },
      runId: plan.runId,
      seed: plan.seed,
      startedAt: new Date(t0).toISOString(),
      target: {
        spec: describeTarget(plan.target),
        name: staged.manifest.name,
        version: staged.manifest.version,
      },
      verdict: verdictOf(findings),
      findings,
      summary: countBySeverity(findings),
      allowEgress: plan.allowEgress,
      install: installLog,
      server: session.server,
      tools: session.tools.map((definition) => ({
        definition,
        calls: session.calls.filter((c) => c.tool === definition.name),
      })),
      network,
      timeline,
      timings,
      notes,
    };
    timings['total'] = Date.now() - t0;
    writeReports(plan, report);
    return report;
  } finally {
    await pod.destroy();
    runDir.remove();
  }
}

function writeReports(plan: Plan, report: Report): void {
  for (const [path, text] of [
    [plan.jsonPath, renderJson(report)],
    [plan.htmlPath, renderHtml(report)],
  ] as const) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
