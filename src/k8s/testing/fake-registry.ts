// Test support: a tiny npm registry over plain HTTP, for a stage (or npm in a container) that
// must fetch a fixture server without the internet. It serves each given package folder and
// every dependency reachable from it, at the versions installed in the project (npm-pack.ts):
// - GET /<name> and /@scope%2fname (or /@scope/name): the full packument (every version's
//   package.json with dist.tarball, dist.integrity (sha512) and dist.shasum (sha1), and
//   dist-tags.latest). npm 10 and 11 ask with `Accept: application/vnd.npm.install-v1+json`
//   (the abbreviated document) and take the full one as well, as a registry may answer it.
// - GET <name>/-/<base>-<version>.tgz: the tarball.
// - anything else: 404 `{"error":"Not found"}` (npm's audit and update checks included).
// Tarballs are packed on the first request for their name and kept. Only for tests: it binds
// where it is told (loopback, or a Docker internal network's gateway), never anywhere public.
import { createHash } from 'node:crypto';

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { collectPackages, type LocalPackage, packTarball } from './npm-pack.js';

export interface FakeRegistryOptions {
  host: string;
  /** Default 0: any free port. */
  port?: number;
  /** Package folders (each with a package.json), e.g. harness/fixtures/servers/<name>. */
  packages: { folder: string }[];
  /** Where dependencies not found from a package's own folder are looked up (default cwd). */
  projectDir?: string;
}

export interface FakeRegistry {
  /** `http://<host>:<port>` (no trailing slash). */
  url: string;
  /** Every request as `METHOD /path` (the first 1000). */
  requests: string[];
  close(): Promise<void>;
}

interface Packed {
  tarball: Buffer;
  integrity: string;
  shasum: string;
}

const MAX_LOGGED = 1000;

/** Versions compared as numbers, a prerelease below its release (enough for dist-tags). */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return { nums: core.split('.').map((n) => Number(n) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** `/name`, `/@scope/name`, and their tarball paths, from a request path. */
function route(rawUrl: string): { name: string; file?: string } | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(rawUrl, 'http://registry.invalid').pathname);
  } catch {
    return undefined;
  }
  const segs = path.replace(/^\/|\/$/g, '').split('/');
  const scoped = segs[0]?.startsWith('@') ?? false;
  const name = scoped ? `${segs[0]}/${segs[1] ?? ''}` : (segs[0] ?? '');
  const rest = segs.slice(scoped ? 2 : 1);
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) return undefined;
  if (rest.length === 0) return { name };
  if (rest.length === 2 && rest[0] === '-' && rest[1]?.endsWith('.tgz'))
    return { name, file: rest[1] };
  return undefined;
}

export async function startFakeRegistry(opts: FakeRegistryOptions): Promise<FakeRegistry> {
  const packages = collectPackages(
    opts.packages.map((p) => p.folder),
    opts.projectDir ?? process.cwd(),
  );
  const byName = new Map<string, LocalPackage[]>();
  for (const p of packages) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const packed = new Map<string, Promise<Packed>>();
  const packOf = (p: LocalPackage) => {
    const key = `${p.name}@${p.version}`;
    let entry = packed.get(key);
    if (!entry) {
      entry = packTarball(p).then((tarball) => ({
        tarball,
        integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
        shasum: createHash('sha1').update(tarball).digest('hex'),
      }));
      packed.set(key, entry);
    }
    return entry;
  };
  const requests: string[] = [];
  let url = '';
  const base = (name: string) => name.slice(name.lastIndexOf('/') + 1);

  const packument = async (name: string, versions: LocalPackage[]) => {
    const docs: Record<string, unknown> = {};
    for (const p of versions) {
      const { integrity, shasum } = await packOf(p);
      const own = Object.fromEntries(
        Object.entries(p.manifest).filter(([k]) => !k.startsWith('_')),
      );
      docs[p.version] = {
        ...own,
        name,
        version: p.version,
        _id: `${name}@${p.version}`,
        dist: { integrity, shasum, tarball: `${url}/${name}/-/${base(name)}-${p.version}.tgz` },
      };
    }
    const latest =
      versions
        .map((p) => p.version)
        .sort(compareVersions)
        .at(-1) ?? '';
    return { _id: name, name, 'dist-tags': { latest }, versions: docs };
  };

  const send = (res: ServerResponse, status: number, type: string, body: Buffer, head: boolean) => {
    res.writeHead(status, { 'content-type': type, 'content-length': String(body.length) });
    res.end(head ? undefined : body);
  };
  const notFound = (res: ServerResponse, head: boolean) =>
    send(res, 404, 'application/json', Buffer.from('{"error":"Not found"}'), head);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (requests.length < MAX_LOGGED) requests.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    const head = req.method === 'HEAD';
    const r = req.method === 'GET' || head ? route(req.url ?? '/') : undefined;
    const versions = r ? byName.get(r.name) : undefined;
    if (!r || !versions) return notFound(res, head);
    if (!r.file) {
      const doc = await packument(r.name, versions);
      return send(res, 200, 'application/json', Buffer.from(JSON.stringify(doc)), head);
    }
    const p = versions.find((v) => r.file === `${base(r.name)}-${v.version}.tgz`);
    if (!p) return notFound(res, head);
    return send(res, 200, 'application/octet-stream', (await packOf(p)).tarball, head);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, 500, 'text/plain', Buffer.from(String(e)), false);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
