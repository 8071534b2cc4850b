// Step 3, the pod: the gateway's files, process tracing, and the gateway + target containers
// sharing one network namespace. Every resource is registered for cleanup before it exists,
// so an interrupt during start-up still finds it.
import { removeRunContainers } from '../../../sandbox/docker/cleanup.js';
import { Pod } from '../../../sandbox/docker/pod.js';
import { installCaDir } from '../../../sandbox/image/install-ca.js';
import { ProcessTrace } from '../../../sandbox/process-trace.js';
import { type RunDir, writeGatewayFiles } from '../../../sandbox/run-dir.js';
import type { StagedPackage } from '../../fetch/fetch-package.js';
import { prepareTarget } from '../prepare-target.js';
import { type DockerRunContext, timed } from '../run-context.js';
import type { Sandbox } from '../run-sandbox.js';
import type { Planted } from './plant-step.js';

export interface DockerSandbox extends Sandbox {
  pod: Pod;
  trace: ProcessTrace;
}

export async function podStep(
  ctx: DockerRunContext,
  runDir: RunDir,
  staged: StagedPackage,
  planted: Planted,
): Promise<DockerSandbox> {
  return timed(ctx, 'pod', async () => {
    ctx.log('starting the sandbox');
    writeGatewayFiles(runDir, installCaDir());
    const trace = new ProcessTrace();
    // The trace starts while the pod does: it only has to run before the first exec of the
    // package's (after Pod.start), not before our own containers start.
    const traced = trace.start();
    ctx.cleanup.add(() => trace.stop());
    ctx.cleanup.add(() => removeRunContainers(ctx.docker, ctx.plan.runId));
    const pod = await Pod.start(
      ctx.docker,
      ctx.plan,
      {
        gatewayDir: runDir.gatewayDir,
        projectDir: staged.projectDir,
        homeSeedDir: planted.homeSeedDir,
      },
      { prepare: (exec) => prepareTarget(exec, planted.canarySet.files, ctx.notes) },
    ).finally(() => traced);
    ctx.cleanup.add(() => pod.destroy());
    ctx.notes.push(...pod.notes);
    await ctx.afterPodStart?.(pod);
    return { pod, trace };
  });
}
