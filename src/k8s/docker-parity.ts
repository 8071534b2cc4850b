// What the Docker pod fixes for each container (the gateway's command, capabilities, limits and
// tmpfs sizes; the fetch container's limits and scratch size; the target's tmpfs sizes), read
// from the Docker create-options themselves, so the Kubernetes Pod cannot drift from them. Pure.
import { FETCH_WORK_BYTES, fetchSpec } from '../../sandbox/docker/fetch-spec.js';
import { gatewaySpec, volumeOptions } from '../../sandbox/docker/pod-spec.js';
import type { Plan } from '../domain/types.js';

export const MI = 1024 * 1024;

/** The Docker gateway, as the Docker pod would create it for this plan. */
export function dockerGateway(plan: Plan) {
  const spec = gatewaySpec(plan, { gatewayDir: '/x' });
  const host = spec.HostConfig ?? {};
  return {
    cmd: spec.Cmd === undefined ? [] : [spec.Cmd].flat(),
    caps: host.CapAdd ?? [],
    memory: host.Memory ?? 0,
    nanoCpus: host.NanoCpus ?? 0,
    tmpfs: host.Tmpfs ?? {},
  };
}

/** The Docker fetch container's limits and its /work size. */
export function dockerFetch(image: string, registry: string) {
  const host =
    fetchSpec('x', image, { kind: 'npm', spec: 'x' }, registry, { proxyDir: '/x' }).HostConfig ??
    {};
  return { memory: host.Memory ?? 0, nanoCpus: host.NanoCpus ?? 0, workMiB: FETCH_WORK_BYTES / MI };
}

/** The size in MiB of the Docker target's HOME or /tmp volume. */
export function dockerTargetVolumeMiB(which: 'home' | 'tmp'): number {
  return tmpfsMiB(volumeOptions(which)['o']);
}

/** A Docker tmpfs option string's size (`size=160m`) in MiB. */
export function tmpfsMiB(options: string | undefined): number {
  const m = /(?:^|,)size=(\d+)m(?:,|$)/.exec(options ?? '');
  if (!m?.[1]) throw new Error(`no size in tmpfs options: ${String(options)}`);
  return Number(m[1]);
}
