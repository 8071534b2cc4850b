// Integration: the Kubernetes Job that `batch --emit-k8s` writes, run for real on Docker by the
// kubelet emulator (src/k8s/testing): the stage fetches the fixture from a fake registry on an
// internal network (the Pod's only link until the gateway takes it down), the gateway and the
// target's launcher start as sidecars behind the startup probe, the runner drives the package
// through the launcher and prints the report to its log, and the report read back from the log
// meets the fixture's row of the expectations table. The stage and runner get this checkout's
// compiled CLI at /opt/mcp-airlock (what the runner image, Dockerfile.runner, holds).
// Fixtures whose rows rely on the process trace are not used: a Pod has none (in-pod.ts).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReport } from '../../../harness/fixtures/check-fixture.js';
import { fixturePath } from '../../../harness/fixtures/analyze-for-test.js';
import { FIXTURES } from '../../../harness/fixtures/expectations.js';
import { parseReport } from '../../../reports/read-report.js';
import { connectDocker } from '../../../sandbox/docker/engine.js';
import { ensureImage } from '../../../sandbox/image/build-image.js';
import { installCaDir } from '../../../sandbox/image/install-ca.js';
import { verdictOf } from '../../domain/severity.js';
import type { Finding } from '../../domain/types.js';
import { planRequest } from '../../pipeline/front-door.js';
import { projectRoot } from '../../util/project-root.js';
import { k8sManifestsFor } from '../k8s-manifests.js';
import { jobInputFromManifests, stringSecret } from '../testing/job-input.js';
import { createInternalNetwork, type InternalNetwork } from '../testing/internal-network.js';
import { type FakeRegistry, startFakeRegistry } from '../testing/fake-registry.js';
import { runJobOnDocker } from '../testing/run-job-on-docker.js';
import { reportFromLog } from '../report-log.js';
import { K8S_DEFAULTS } from '../job-manifest.js';
import { NO_TRACE } from './in-pod.js';

const NAMES = ['clean', 'ssh-key-stealer', 'postinstall-phone-home'] as const;
const runId = `k8s${process.pid}`;
let docker: Docker;
let image: string;
let net: InternalNetwork | undefined;
let registry: FakeRegistry | undefined;

beforeAll(async () => {
  docker = await connectDocker();
  image = await ensureImage(docker);
  net = await createInternalNetwork(docker, runId);
  registry = await startFakeRegistry({
    host: net.gateway,
    packages: NAMES.map((n) => ({ folder: fixturePath(n) })),
  });
}, 600_000);

afterAll(async () => {
  await registry?.close();
  await net?.remove();
});

function npmName(name: string): string {
  const pkg = JSON.parse(readFileSync(join(fixturePath(name), 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return `${pkg.name}@${pkg.version}`;
}

/** The CLI as the runner image holds it, bound from this checkout (built by `npm run build`). */
function cliFiles() {
  const root = projectRoot();
  return ['bin', 'dist', 'node_modules', 'package.json'].map((p) => ({
    source: join(root, p),
    target: `/opt/mcp-airlock/${p}`,
    readOnly: true,
  }));
}

describe.each(NAMES.map((name) => FIXTURES.find((f) => f.name === name)!))(
  'fixture $name in a Kubernetes Job (emulated on Docker)',
  (fx) => {
    it('runs the analysis in the Pod and its report meets the fixture row', async () => {
      const plan = planRequest(
        {
          runId: `${runId}${fx.name.length}`,
          seed: 7,
          target: { kind: 'npm', spec: npmName(fx.name) },
          serverArgs: [],
          env: [],
          allowEgress: fx.allowEgress ?? [],
          timeoutSeconds: 240,
          callTimeoutSeconds: 15,
          rounds: fx.rounds ?? 1,
          ...(fx.transport ? { transport: fx.transport } : {}),
          outDir: mkdtempSync(join(tmpdir(), 'airlock-k8s-out-')),
        },
        image,
      );
      const files = k8sManifestsFor([plan], {
        image,
        registry: `${registry!.url}/`,
        ipv6Sysctls: true,
        slugOf: () => fx.name,
      });
      const ca = installCaDir();
      const caSecret = stringSecret(K8S_DEFAULTS.caSecret, K8S_DEFAULTS.namespace, {
        'ca.key': readFileSync(join(ca, 'ca.key'), 'utf8'),
        'ca.pem': readFileSync(join(ca, 'ca.pem'), 'utf8'),
      });
      const { job, secrets } = jobInputFromManifests(
        files.slice(1).map((f) => f.text),
        [caSecret],
      );
      const result = await runJobOnDocker(docker, {
        job,
        secrets,
        timeoutMs: 240_000,
        network: net!.name,
        imageFiles: { stage: cliFiles(), runner: cliFiles() },
      });
      const runnerLog = result.logs['runner'] ?? '';
      expect(
        result.phase,
        `${result.reason ?? ''}\nstage: ${result.logs['stage']?.slice(-2000)}\nrunner: ${runnerLog.slice(-3000)}`,
      ).toBe('Succeeded');
      const json = reportFromLog(runnerLog);
      expect(json, runnerLog.slice(-3000)).toBeDefined();
      const report = parseReport(json!, 'the runner log');
      expect(report.notes.join('\n')).toMatch(/Kubernetes Pod/);
      // A Pod has no process trace, and the report says so (never clean for what it did not
      // see); everything else is the fixture's row.
      const noTrace = (f: Finding) =>
        f.rule === 'coverage/not-examined' && f.evidence.value === NO_TRACE;
      expect(report.findings.filter(noTrace)).toHaveLength(1);
      const findings = report.findings.filter((f) => !noTrace(f));
      checkReport(fx, { ...report, findings, verdict: verdictOf(findings) });
    }, 300_000);
  },
);
