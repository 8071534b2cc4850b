// The fetch container as pure create-options: the image's npm stages the target with no
// network but the registry proxy's socket, as uid 1000 with no capabilities on a read-only
// root, its output on a bounded tmpfs (the cap on what a package may unpack). Tested as data.
import { resolve } from 'node:path';
import type { ContainerCreateOptions } from 'dockerode';
import type { TargetSpec } from '../../src/domain/types.js';
import { runLabels } from './labels.js';
import { IMAGE_NODE } from './pod-spec.js';

/** Where the fetch driver sits in the image (Dockerfile.sandbox copies sandbox/fetch there). */
export const FETCH_BOX = '/opt/fetch/fetch-box.js';
/** The most a staged project may take: npm fails past it (ENOSPC). */
export const FETCH_WORK_BYTES = 1024 * 1024 * 1024;

export interface FetchMounts {
  /** Folder holding the registry proxy's socket (proxy.sock). */
  proxyDir: string;
  /** The host's npm cache for fetches (content-addressed; npm writes it, nothing runs it);
   * without one, npm caches inside the container's bounded /work. */
  cacheDir?: string;
}

export function fetchSpec(
  runId: string,
  image: string,
  target: TargetSpec,
  registry: string,
  mounts: FetchMounts,
): ContainerCreateOptions {
  // The user's path goes in as a structured mount (a `:` or `,` in it cannot change the bind).
  const input: NonNullable<NonNullable<ContainerCreateOptions['HostConfig']>['Mounts']> =
    target.kind === 'npm'
      ? []
      : [
          {
            Type: 'bind',
            Source: resolve(target.path),
            Target: target.kind === 'folder' ? '/input' : '/input.tgz',
            ReadOnly: true,
          },
        ];
  return {
    name: `mcp-airlock-${runId}-fetch`,
    Image: image,
    Cmd: [IMAGE_NODE, FETCH_BOX],
    User: '1000:1000',
    WorkingDir: '/work',
    Env: [
      `FETCH_KIND=${target.kind}`,
      `FETCH_SPEC=${target.kind === 'npm' ? target.spec : ''}`,
      `FETCH_REGISTRY=${registry}`,
      `FETCH_CACHE=${mounts.cacheDir ? '/cache' : '/work/.npm-cache'}`,
    ],
    Labels: runLabels(runId, 'fetch'),
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: {
        '/work': `rw,nosuid,nodev,size=${FETCH_WORK_BYTES / (1024 * 1024)}m,uid=1000,gid=1000,mode=0755`,
        '/tmp': 'rw,nosuid,nodev,size=256m,mode=1777',
        '/home/dev': 'rw,nosuid,nodev,size=64m,uid=1000,gid=1000,mode=0755',
      },
      Binds: [
        `${mounts.proxyDir}:/run/fetch:ro`,
        ...(mounts.cacheDir ? [`${mounts.cacheDir}:/cache`] : []),
      ],
      Mounts: input,
      Memory: 1536 * 1024 * 1024,
      MemorySwap: 1536 * 1024 * 1024,
      PidsLimit: 256,
      NanoCpus: 2_000_000_000,
      AutoRemove: false,
    },
  };
}
