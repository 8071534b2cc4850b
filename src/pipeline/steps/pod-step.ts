// Step 3, the pod, in two halves: what does not depend on the package (the gateway's files and
// container, the observer and the run's volumes, process tracing) starts while the package is
// fetched; the target joins once the staged project and the HOME seed exist. Every resource is
// registered for cleanup before it exists, so an interrupt during start-up still finds it.
import { removeRunContainers } from '../../../sandbox/docker/cleanup.js';
import { type Pod, PodNetwork } from '../../../sandbox/docker/pod.js';
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

/** The half of the pod that does not wait for the package, started while it is fetched. */
export interface NetworkStarted {
  network: Promise<PodNetwork>;
  trace: ProcessTrace;
  traced: Promise<void>;
}

/**
 * Start the gateway (netsim's boot, the rules, the capture), the observer and the process trace
 * now, while the package is fetched and planted: none of it depends on the package. Every
 * resource is registered for cleanup before it exists.
 */
export function startNetwork(ctx: DockerRunContext, runDir: RunDir): NetworkStarted {
  writeGatewayFiles(runDir, installCaDir());
  const trace = new ProcessTrace();
  // The trace only has to run before the first exec of the package's (after the target starts).
  const traced = trace.start();
  ctx.cleanup.add(() => trace.stop());
  ctx.cleanup.add(() => removeRunContainers(ctx.docker, ctx.plan.runId));
  const network = PodNetwork.start(ctx.docker, ctx.plan, runDir.gatewayDir, runDir.path);
  // Awaited by podStep, or abandoned when the fetch fails: never an unhandled rejection.
  network.catch(() => undefined);
  ctx.cleanup.add(() =>
    network.then(
      (n) => n.abandon(),
      () => undefined,
    ),
  );
  return { network, trace, traced };
}

/** Step 3, the pod: the target joins the started network with the staged project and HOME. */
export async function podStep(
  ctx: DockerRunContext,
  started: NetworkStarted,
  staged: StagedPackage,
  planted: Planted,
  runDir: RunDir,
): Promise<DockerSandbox> {
  return timed(ctx, 'pod', async () => {
    ctx.log('starting the sandbox');
    const { trace } = started;
    const network = await started.network;
    const pod = await network
      .complete(
        {
          gatewayDir: runDir.gatewayDir,
          projectDir: staged.projectDir,
          homeSeedDir: planted.homeSeedDir,
        },
        (exec, from) => prepareTarget(exec, from, planted.canarySet.files, ctx.notes),
      )
      .finally(() => started.traced);
    ctx.cleanup.add(() => pod.destroy());
    ctx.notes.push(...pod.notes);
    await ctx.afterPodStart?.(pod);
    return { pod, trace };
  });
}
