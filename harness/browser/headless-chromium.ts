// Test support: opens a local HTML file in Debian's headless Chromium the way a reader's browser
// would (scripts enabled, so anything that could run does) and reports what it saw: the DOM after
// load, and every request the page itself made, read from Chromium's net log. Nothing can leave
// the machine: every host name resolves to nothing and the proxy is a closed local port.
// Chromium's own background requests (update checks, accounts) are told apart from the page's by
// their network isolation key: the page's requests are keyed by the file:// site.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

const QUIET_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=http://127.0.0.1:9',
];

export interface PageView {
  dom: string;
  /** URLs the page itself asked for, other than file: and data: (should be none). */
  pageRequests: string[];
  /** Every URL in the net log, for diagnostics. */
  allUrls: string[];
}

interface NetLog {
  constants: { logEventTypes: Record<string, number> };
  events: { type: number; params?: { url?: string; network_isolation_key?: string } }[];
}

/** Load the file, run what the page would run, and return the DOM and the page's requests. */
export async function viewPage(file: string): Promise<PageView> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-chromium-'));
  const netLog = join(dir, 'netlog.json');
  const r = await execa(
    CHROMIUM,
    [
      ...QUIET_FLAGS,
      `--user-data-dir=${join(dir, 'profile')}`,
      `--log-net-log=${netLog}`,
      '--virtual-time-budget=3000',
      '--dump-dom',
      `file://${file}`,
    ],
    { timeout: 90_000, reject: false },
  );
  if (r.exitCode !== 0 && !r.stdout)
    throw new Error(`chromium failed: ${String(r.stderr).slice(0, 500)}`);
  const log = JSON.parse(readFileSync(netLog, 'utf8')) as NetLog;
  const start = log.constants.logEventTypes['URL_REQUEST_START_JOB'];
  const allUrls = new Set<string>();
  const pageRequests = new Set<string>();
  for (const e of log.events) {
    const url = e.params?.url;
    if (!url) continue;
    allUrls.add(url);
    const fromPage = (e.params?.network_isolation_key ?? '').includes('file://');
    if (e.type === start && fromPage && !/^(file|data):/.test(url)) pageRequests.add(url);
  }
  return { dom: String(r.stdout), pageRequests: [...pageRequests], allUrls: [...allUrls] };
}

/** A PNG screenshot of the page at the given size. */
export async function screenshot(
  file: string,
  png: string,
  width = 1280,
  height = 2400,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-chromium-'));
  await execa(
    CHROMIUM,
    [
      ...QUIET_FLAGS,
      `--user-data-dir=${join(dir, 'profile')}`,
      '--hide-scrollbars',
      `--window-size=${width},${height}`,
      `--screenshot=${png}`,
      `file://${file}`,
    ],
    { timeout: 90_000 },
  );
}
