// Test support: a Docker bridge network with no route off the machine (`Internal`), labelled with
// the run like our containers. Its gateway address is the host's own end of the bridge: a server
// the test binds there (the fake registry) is the only thing a container on it can reach.
// Needs the host to accept connections from the bridge (an INPUT policy of ACCEPT, or a rule
// for the bridge); internal networks are not masqueraded, so nothing reaches further.

import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { LABEL_OWNER_PID, LABEL_ROLE, LABEL_RUN } from '../../../sandbox/docker/labels.js';

export interface InternalNetwork {
  name: string;
  id: string;
  /** The host's address on the bridge. */
  gateway: string;
  subnet: string;
  /** The bridge's interface name on the host. */
  bridge: string;
  /** Remove it (after every container on it is gone); never throws. */
  remove(): Promise<void>;
}

export async function createInternalNetwork(
  docker: Docker,
  runId: string,
): Promise<InternalNetwork> {
  const name = `mcp-airlock-${runId}-${randomBytes(3).toString('hex')}`;
  const bridge = `br-al${randomBytes(4).toString('hex')}`;
  const created = await docker.createNetwork({
    Name: name,
    Driver: 'bridge',
    Internal: true,
    CheckDuplicate: true,
    Labels: {
      [LABEL_RUN]: runId,
      [LABEL_ROLE]: 'k8s-network',
      [LABEL_OWNER_PID]: String(process.pid),
    },
    Options: { 'com.docker.network.bridge.name': bridge },
  });
  const network = docker.getNetwork(created.id);
  const remove = () =>
    network.remove().then(
      () => undefined,
      () => undefined,
    );
  try {
    const info = (await network.inspect()) as {
      IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] };
    };
    const config = info.IPAM?.Config?.[0];
    if (!config?.Gateway || !config.Subnet)
      throw new Error(`network ${name} has no gateway address`);
    return { name, id: created.id, gateway: config.Gateway, subnet: config.Subnet, bridge, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}

/** Every network labelled with `runId` (a test checks none is left). */
export async function listRunNetworks(docker: Docker, runId: string): Promise<string[]> {
  const list = await docker.listNetworks({ filters: { label: [`${LABEL_RUN}=${runId}`] } });
  return list.map((n) => n.Name);
}
