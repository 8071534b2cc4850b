// The run's temp folder on the host: staging, the gateway's CA and config, the HOME seed. Its
// name is neutral (`tmp.<10 characters>`, like mktemp's), because the target's mount table shows
// the host paths of its bind mounts; a marker file inside, with the owner's pid, lets
// `mcp-airlock cleanup` tell a live run's folder from a leftover.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_NETSIM_CONFIG } from './netsim/config.js';

export const RUN_DIR_PREFIX = 'tmp.';
/** Holds the owning process's pid: present in every run folder, and only in ours. */
export const OWNER_FILE = '.mcp-airlock-owner';

export interface RunDir {
  path: string;
  gatewayDir: string;
  remove(): void;
}

export function createRunDir(_runId: string): RunDir {
  const path = mkdtempSync(join(tmpdir(), RUN_DIR_PREFIX));
  // Readable by the target's uid (the staged project is mounted from here); the gateway's
  // folder, with the CA key, stays root-only.
  chmodSync(path, 0o755);
  writeFileSync(join(path, OWNER_FILE), String(process.pid));
  const gatewayDir = join(path, 'gateway');
  mkdirSync(gatewayDir, { mode: 0o700 });
  return {
    path,
    gatewayDir,
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** The gateway's files: the installation CA (key and certificate) and netsim's config. */
export function writeGatewayFiles(dir: RunDir, caDir: string): void {
  copyFileSync(join(caDir, 'ca.key'), join(dir.gatewayDir, 'ca.key'));
  chmodSync(join(dir.gatewayDir, 'ca.key'), 0o600);
  copyFileSync(join(caDir, 'ca.pem'), join(dir.gatewayDir, 'ca.pem'));
  writeFileSync(
    join(dir.gatewayDir, 'netsim.json'),
    JSON.stringify({ ...DEFAULT_NETSIM_CONFIG, addressKey: randomBytes(16).toString('hex') }),
  );
}
