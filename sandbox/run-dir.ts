// The run's temp folder on the host: staging, the gateway's CA and config, the CA bundle for
// the target. Named mcp-airlock-<run>-* with the owner's pid inside, so `mcp-airlock cleanup`
// can tell a live run's folder from a leftover.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCACertificate } from 'mockttp';
import { DEFAULT_NETSIM_CONFIG } from './netsim/config.js';

export const RUN_DIR_PREFIX = 'mcp-airlock-';
export const OWNER_FILE = '.owner-pid';
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export interface RunDir {
  path: string;
  gatewayDir: string;
  caBundle: string;
  remove(): void;
}

export function createRunDir(runId: string): RunDir {
  const path = mkdtempSync(join(tmpdir(), `${RUN_DIR_PREFIX}${runId}-`));
  // Readable by the target's uid (the staged project is mounted from here); the gateway's
  // folder, with the CA key, stays root-only.
  chmodSync(path, 0o755);
  writeFileSync(join(path, OWNER_FILE), String(process.pid));
  const gatewayDir = join(path, 'gateway');
  mkdirSync(gatewayDir, { mode: 0o700 });
  return {
    path,
    gatewayDir,
    caBundle: join(path, 'ca-bundle.crt'),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Make the run's CA and netsim's config; the bundle is the system store plus the run's CA. */
export async function writeRunCa(dir: RunDir): Promise<void> {
  const ca = await generateCACertificate({
    subject: { commonName: 'Corporate Root CA', organizationName: 'IT Security' },
    bits: 2048,
  });
  writeFileSync(join(dir.gatewayDir, 'ca.key'), ca.key, { mode: 0o600 });
  writeFileSync(join(dir.gatewayDir, 'ca.pem'), ca.cert);
  writeFileSync(join(dir.gatewayDir, 'netsim.json'), JSON.stringify(DEFAULT_NETSIM_CONFIG));
  const system = existsSync(SYSTEM_BUNDLE) ? readFileSync(SYSTEM_BUNDLE, 'utf8') : '';
  writeFileSync(dir.caBundle, `${system}\n${ca.cert}\n`, { mode: 0o644 });
}
