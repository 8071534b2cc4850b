// Test support for integration tests: a real sandbox pod whose project folder holds one probe
// script (run only inside the target, never on the host), and its teardown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePlan } from '../../src/plan/make-plan.js';
import { ensureImage } from '../image/build-image.js';
import { installCaDir } from '../image/install-ca.js';
import { createRunDir, writeGatewayFiles, type RunDir } from '../run-dir.js';
import { connectDocker } from './engine.js';
import { Pod } from './pod.js';

export interface ProbePod {
  pod: Pod;
  runDir: RunDir;
  /** Where the probe sits inside the target. */
  probePath: string;
  destroy(): Promise<void>;
}

export async function startProbePod(name: string, probe: string): Promise<ProbePod> {
  const docker = await connectDocker();
  const image = await ensureImage(docker);
  const runId = `${name}${process.pid}`;
  const runDir = createRunDir(runId);
  const projectDir = join(runDir.path, 'project');
  const homeSeedDir = join(runDir.path, 'home-seed');
  mkdirSync(projectDir);
  mkdirSync(homeSeedDir);
  writeFileSync(join(projectDir, 'probe.js'), probe);
  writeGatewayFiles(runDir, installCaDir());
  const plan = makePlan({
    runId,
    seed: 1,
    target: { kind: 'folder', path: projectDir },
    serverArgs: [],
    env: [],
    allowEgress: [],
    failOn: 'high',
    timeoutSeconds: 60,
    callTimeoutSeconds: 10,
    rounds: 1,
    outDir: join(runDir.path, 'out'),
    image,
  });
  const pod = await Pod.start(docker, plan, {
    gatewayDir: runDir.gatewayDir,
    projectDir,
    homeSeedDir,
  });
  return {
    pod,
    runDir,
    probePath: '/usr/local/src/workspace/probe.js',
    destroy: async () => {
      await pod.destroy();
      runDir.remove();
    },
  };
}
