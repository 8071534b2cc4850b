// The volumes of an analysis Pod: memory-backed emptyDirs sized as the Docker pod's tmpfs are,
// and the Job's own Secret (plan, netsim config, the target's hosts file, the stage's resolver)
// with the installation's CA, each projected only where it is needed. No hostPath, no claim:
// nothing of the node is shared, and everything goes when the Pod does. Pure.
import { GATEWAY_LOG_DIR, GATEWAY_PCAP_DIR } from '../../sandbox/docker/pod-spec.js';
import type { Plan } from '../domain/types.js';
import type { KeyToPath, Volume } from './k8s-types.js';
import { dockerFetch, dockerGateway, dockerTargetVolumeMiB, tmpfsMiB } from './docker-parity.js';

/**
 * Volume names. The target's show in its mount table (under the kubelet's folder), so they
 * are named like what they hold, nothing more.
 */
export const VOLUME = {
  plan: 'plan',
  state: 'state',
  out: 'out',
  stageScratch: 'stage-scratch',
  stageResolv: 'stage-resolv',
  runnerScratch: 'runner-scratch',
  home: 'home',
  tmp: 'tmp',
  channel: 'session',
  targetHosts: 'etc-hosts',
  netsimLog: 'netsim-log',
  pcap: 'pcap',
  gatewayRun: 'gateway-run',
  gatewayTmp: 'gateway-tmp',
  gatewayConf: 'gateway-conf',
} as const;

/** Keys of the Job's Secret. */
export const SECRET_KEY = {
  plan: 'plan.json',
  netsim: 'netsim.json',
  hosts: 'hosts',
  resolv: 'resolv.conf',
} as const;

function memoryDir(name: string, mib: number): Volume {
  return { name, emptyDir: { medium: 'Memory', sizeLimit: `${mib}Mi` } };
}

function secretFile(name: string, secretName: string, key: string, mode: number): Volume {
  const items: KeyToPath[] = [{ key, path: key, mode }];
  return { name, secret: { secretName, items, defaultMode: mode } };
}

/** Every volume of the Pod of `plan`, whose Job's Secret is `secretName`. */
export function podVolumes(plan: Plan, secretName: string, caSecret: string): Volume[] {
  const gw = dockerGateway(plan);
  const fetch = dockerFetch(plan.image, 'https://registry.invalid/');
  return [
    secretFile(VOLUME.plan, secretName, SECRET_KEY.plan, 0o444),
    memoryDir(VOLUME.state, 64),
    memoryDir(VOLUME.out, 256),
    memoryDir(VOLUME.stageScratch, fetch.workMiB),
    secretFile(VOLUME.stageResolv, secretName, SECRET_KEY.resolv, 0o444),
    memoryDir(VOLUME.runnerScratch, 256),
    memoryDir(VOLUME.home, dockerTargetVolumeMiB('home')),
    memoryDir(VOLUME.tmp, dockerTargetVolumeMiB('tmp')),
    memoryDir(VOLUME.channel, 16),
    secretFile(VOLUME.targetHosts, secretName, SECRET_KEY.hosts, 0o444),
    memoryDir(VOLUME.netsimLog, tmpfsMiB(gw.tmpfs[GATEWAY_LOG_DIR])),
    memoryDir(VOLUME.pcap, tmpfsMiB(gw.tmpfs[GATEWAY_PCAP_DIR])),
    memoryDir(VOLUME.gatewayRun, tmpfsMiB(gw.tmpfs['/run'])),
    memoryDir(VOLUME.gatewayTmp, tmpfsMiB(gw.tmpfs['/tmp'])),
    {
      // gateway-init.sh copies ca.key, ca.pem and netsim.json out of /run/airlock; root only.
      name: VOLUME.gatewayConf,
      projected: {
        defaultMode: 0o400,
        sources: [
          {
            secret: {
              name: caSecret,
              items: [
                { key: 'ca.key', path: 'ca.key', mode: 0o400 },
                { key: 'ca.pem', path: 'ca.pem', mode: 0o400 },
              ],
            },
          },
          {
            secret: {
              name: secretName,
              items: [{ key: SECRET_KEY.netsim, path: 'netsim.json', mode: 0o400 }],
            },
          },
        ],
      },
    },
  ];
}
