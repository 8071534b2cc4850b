// The pipeline: plan -> fetch -> canaries -> pod -> install -> harness -> collect -> rules ->
// report. Effects are wired here and nowhere else; each step is a named module. Our failures
// throw AnalyzerError; whatever the package does becomes data in the report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { removeRunContainers } from '../../sandbox/docker/cleanup.js';
import { FsCheckpoints } from '../../sandbox/docker/fs-checkpoint.js';
import { Pod } from '../../sandbox/docker/pod.js';
import {
  IMAGE_NODE,
  IMAGE_NPM_CLI,
  IMAGE_TIMEOUT,
  TARGET_HOME,
  TARGET_PROJECT,
  targetEnv,
} from '../../sandbox/docker/pod-spec.js';
import { targetPathOf, writeSeed } from '../../sandbox/plant.js';
import { ProcessTrace } from '../../sandbox/process-trace.js';
import { installCaDir } from '../../sandbox/image/install-ca.js';
import { createRunDir, writeGatewayFiles } from '../../sandbox/run-dir.js';
import { runSession } from '../../harness/session.js';
import { renderHtml } from '../../reports/render-html.js';
import { renderJson } from '../../reports/render-json.js';
import { scanEnvNames } from '../canary/env-scan.js';
import { credentialPurposes } from '../canary/credential-purpose.js';
import { makeCanaries } from '../canary/make-canaries.js';
import { scanSourceEndpoints } from '../canary/source-endpoints.js';
import { canaryRng } from '../canary/random-token.js';
import { summarizeCoverage } from '../domain/coverage.js';
import { countBySeverity, verdictOf } from '../domain/severity.js';
import type { PhaseWindow, Plan, ProcessLog, Report } from '../domain/types.js';
import { fetchPackage } from '../fetch/fetch-package.js';
import { readPackageSources } from '../fetch/package-sources.js';
import { printableExcerpt } from '../observe/excerpt.js';
import { describeTarget } from '../plan/target-spec.js';
import { runRules } from '../rules/run-rules.js';
import { projectVersion } from '../util/project-root.js';
import { buildBehaviour } from './behaviour.js';
import { notInstalledReport } from './not-installed-report.js';
import type { CleanupRegistry } from './cleanup-registry.js';
import { collectNetwork } from './collect.js';
import { prepareTarget } from './prepare-target.js';
import { makeLauncher } from './server-launcher.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Time for the kernel's NFLOG batching and late sends to reach the capture. */
const FINAL_SETTLE_MS = 1500;
const MAX_EXCERPTS = 30;
/** buildProcessTree's default bound. */
const MAX_PROCESSES = 2000;

export interface AnalyzeDeps {
  docker: Docker;
  cleanup: CleanupRegistry;
  log: (line: string) => void;
  /** Integration tests only: runs once the pod is up (to break a helper on purpose). */
  afterPodStart?: (pod: Pod) => Promise<void>;
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
  const fetched = await fetchPackage(plan.target, runDir.path, {
    docker: deps.docker,
    image: plan.image,
    runId: plan.runId,
  });
  mark('fetch', step);
  if (fetched.kind === 'refused') {
    // Its own dependencies kept it from being installed: nothing ran, and the report says so.
    const report = notInstalledReport(plan, t0, fetched, timings);
    writeReports(plan, report);
    runDir.remove();
    return report;
  }
  const { staged, fetch } = fetched;

  deps.log('planting canaries');
  // Canaries: fixed credentials plus one per environment variable the package reads.
  // Names the pod sets itself (HOME, PATH, the CA variables ...) are never given invented
  // values, whatever the package's code mentions: that would let it switch off interception.
  const reserved = new Set(targetEnv({}).map((e) => e.slice(0, e.indexOf('='))));
  const sources = readPackageSources(join(staged.projectDir, 'node_modules', staged.manifest.name));
  const packageVars = scanEnvNames(sources).filter(
    (n) => !reserved.has(n) && !/^(LD_|DYLD_)|^(BASH_)?ENV$/.test(n),
  );
  const inSource = scanSourceEndpoints(sources, packageVars);
  const canarySet = makeCanaries(
    canaryRng(plan.seed, plan.runId),
    packageVars,
    plan.serverEnv,
    inSource.defaults,
  );
  const purposes = credentialPurposes({
    canaries: canarySet.canaries,
    env: { ...canarySet.env, ...plan.serverEnv },
    endpoints: canarySet.endpoints,
    sourceHosts: inSource.hosts,
  });
  const homeSeedDir = join(runDir.path, 'home-seed');
  writeSeed(canarySet.files, homeSeedDir, staged.projectDir, Date.now());
  const serverEnv = { ...canarySet.env, ...plan.serverEnv };
  const env = targetEnv(serverEnv);

  step = Date.now();
  deps.log('starting the sandbox');
  writeGatewayFiles(runDir, installCaDir());
  const trace = new ProcessTrace();
  await trace.start();
  deps.cleanup.add(() => trace.stop());
  // Registered before the pod exists: an interrupt during start-up still finds its containers.
  deps.cleanup.add(() => removeRunContainers(deps.docker, plan.runId));
  const pod = await Pod.start(deps.docker, plan, {
    gatewayDir: runDir.gatewayDir,
    projectDir: staged.projectDir,
    homeSeedDir,
  });
  deps.cleanup.add(() => pod.destroy());
  notes.push(...pod.notes);
  await deps.afterPodStart?.(pod);
  mark('pod', step);

  try {
    await prepareTarget(pod, canarySet.files, notes);
    const fs = new FsCheckpoints(
      pod,
      new Set(canarySet.files.filter((f) => f.secret).map((f) => targetPathOf(f.path))),
    );
    await fs.baseline();

    // install: lifecycle scripts of the package and its dependencies, under full capture.
    deps.log('install phase');
    const installStart = Date.now();
    const install = await pod.execInTarget({
      cmd: [
        IMAGE_NODE,
        IMAGE_NPM_CLI,
        'rebuild',
        '--foreground-scripts',
        '--no-audit',
        '--no-fund',
        '--offline',
      ],
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
    await fs.take();
    const installWindow: PhaseWindow = { phase: 'install', start: installStart, end: Date.now() };
    mark('install', installStart);
    const installLog: ProcessLog = {
      exitCode: install.exitCode,
      timedOut: install.timedOut,
      outputExcerpt: `${install.stdout.toString('utf8').slice(0, 16384)}${install.stderr ? `\n${install.stderr.slice(0, 16384)}` : ''}`,
    };

    deps.log('starting the server');
    const entry = `${TARGET_PROJECT}/${staged.entryInProject}`;
    const command = [IMAGE_NODE, entry, ...plan.serverArgs];
    const launcher = makeLauncher(pod, command, env, plan.transport, plan.limits.startupMs);
    const session = await runSession(launcher, {
      seed: plan.seed,
      rounds: plan.rounds,
      maxCalls: plan.maxCalls,
      rootUri: `file://${TARGET_PROJECT}`,
      secondLaunch: true,
      startupMs: plan.limits.startupMs,
      callMs: plan.limits.callMs,
      settleMs: plan.limits.settleMs,
      lingerMs: plan.limits.lingerMs,
      deadline: t0 + plan.limits.totalMs,
      maxRestarts: 3,
      maxTools: 500,
      now: Date.now,
      sleep,
      checkpoint: () => fs.take(),
    });
    for (const p of session.phases) timings[p.phase] = p.end - p.start;
    notes.push(...session.notes);

    step = Date.now();
    await sleep(FINAL_SETTLE_MS);
    await fs.take();
    await trace.stop();
    const timeline = { phases: [installWindow, ...session.phases], calls: session.callWindows };
    mkdirSync(plan.outDir, { recursive: true });
    const collected = await collectNetwork(pod, timeline, plan.outDir, notes);
    const { network, events } = collected;
    const excerpts = new Map<string, string>();
    const changed = fs.checkpoints
      .flatMap((c) => c.changes)
      .filter((c) => c.change === 'created' || c.change === 'modified');
    for (const c of changed
      .filter((x) => !x.path.startsWith(`${TARGET_PROJECT}/`))
      .slice(0, MAX_EXCERPTS)) {
      excerpts.set(c.path, printableExcerpt(await fs.excerpt(c.path), 2048));
    }
    const calls = session.calls;
    const behaviour = buildBehaviour({
      canarySet,
      purposes,
      events,
      results: session.results,
      calls,
      timeline,
      envValues: Object.values(serverEnv),
      schemas: new Map(session.tools.map((t) => [t.name, t.inputSchema])),
      checkpoints: fs.checkpoints,
      excerpts,
      home: TARGET_HOME,
      trace: {
        lines: trace.lines,
        ...(trace.error ? { error: trace.error } : {}),
        roots: {
          install: (c, pid) =>
            install.pid
              ? pid === install.pid
              : c.startsWith(`${IMAGE_TIMEOUT} -s KILL `) && c.includes(`${IMAGE_NPM_CLI} rebuild`),
          server: (c, pid) =>
            session.serverPids.length > 0
              ? session.serverPids.includes(pid)
              : c.startsWith(`${IMAGE_NODE} ${entry}`),
        },
      },
    });
    if (trace.error) notes.push(trace.error);
    const gaps = [
      ...collected.gaps,
      ...fs.gaps,
      ...session.gaps,
      ...pod.gaps,
      ...trace.gaps,
      ...(behaviour.processes.length >= MAX_PROCESSES
        ? [{ kind: 'cap' as const, what: 'processes traced', detail: `${MAX_PROCESSES}` }]
        : []),
    ];
    mark('collect', step);

    const findings = runRules(
      network,
      plan.allowEgress,
      behaviour,
      {
        surface: session.surface,
        tools: session.tools,
        calls,
        server: session.server,
      },
      gaps,
      fetch,
    );
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
      coverage: summarizeCoverage(session.tools, calls, plan.minCoverage),
      allowEgress: plan.allowEgress,
      fetch,
      install: installLog,
      server: session.server,
      tools: session.tools.map((definition) => ({
        definition,
        calls: calls.filter((c) => c.tool === definition.name),
      })),
      surface: session.surface,
      restarts: session.restarts,
      network,
      behaviour,
      gaps,
      timeline,
      timings,
      notes,
    };
    timings['total'] = Date.now() - t0;
    writeReports(plan, report);
    return report;
  } finally {
    await trace.stop();
    await pod.destroy();
    runDir.remove();
  }
}

export function writeReports(plan: Plan, report: Report): void {
  for (const [path, text] of [
    [plan.jsonPath, renderJson(report)],
    [plan.htmlPath, renderHtml(report)],
  ] as const) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
