// The fetch container's only way out: an HTTP proxy on a unix socket (bind-mounted into the
// container, which has no network) that lets through exactly one destination, the npm registry
// this host uses, and refuses and records everything else: the tarball URLs, git hosts and any
// other address a package names in its dependencies. It never connects anywhere but the
// registry (directly, or through the host's own HTTPS proxy when one is set).
// Limits: only the registry's host and port are allowed, so a registry that serves tarballs
// from another host (a CDN) fails to install; for HTTPS only the host:port of a CONNECT is seen,
// not the path.
import { chmodSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

export interface RefusedFetch {
  /** `CONNECT host:port`, or the full URL of a plain HTTP request. */
  target: string;
  t: number;
}

export interface RegistryProxy {
  readonly refused: RefusedFetch[];
  close(): Promise<void>;
}

const MAX_REFUSED = 100;
const IDLE_MS = 120_000;

/** Host and port of a registry URL (default ports filled in). */
export function registryEndpoint(registry: string): { host: string; port: number; tls: boolean } {
  const u = new URL(registry);
  const tls = u.protocol === 'https:';
  return { host: u.hostname.toLowerCase(), port: Number(u.port || (tls ? 443 : 80)), tls };
}

/** The upstream proxy the host itself uses for HTTPS, if any (no credentials logged). */
function upstreamProxy(env: NodeJS.ProcessEnv): URL | undefined {
  const raw = env['HTTPS_PROXY'] ?? env['https_proxy'];
  try {
    return raw ? new URL(raw) : undefined;
  } catch {
    return undefined;
  }
}

/** A TCP connection to host:port, through the upstream proxy when there is one. */
function dial(host: string, port: number, upstream: URL | undefined): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (!upstream) {
      const s = net.connect({ host, port }, () => resolve(s));
      s.once('error', reject);
      return;
    }
    const s = net.connect({ host: upstream.hostname, port: Number(upstream.port || 80) }, () => {
      const auth = upstream.username
        ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(upstream.username)}:${decodeURIComponent(upstream.password)}`).toString('base64')}\r\n`
        : '';
      s.write(`CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\n${auth}\r\n`);
    });
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (head.length > 16384) return reject(new Error('upstream proxy answered too much'));
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      s.off('data', onData);
      if (!/^HTTP\/1\.[01] 200/.test(head)) return reject(new Error('upstream proxy refused'));
      const rest = Buffer.from(head.slice(end + 4), 'latin1');
      if (rest.length > 0) s.unshift(rest);
      resolve(s);
    };
    s.on('data', onData);
    s.once('error', reject);
  });
}

/** Start the proxy on `socketPath` (made connectable by the container's uid). */
export async function startRegistryProxy(
  socketPath: string,
  registry: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistryProxy> {
  const allowed = registryEndpoint(registry);
  const upstream = upstreamProxy(env);
  const refused: RefusedFetch[] = [];
  const refuse = (target: string) => {
    if (refused.length < MAX_REFUSED)
      refused.push({ target: target.slice(0, 2048), t: Date.now() });
  };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    // Plain HTTP, absolute-form: only for an http:// registry.
    let url: URL | undefined;
    try {
      url = new URL(req.url ?? '');
    } catch {
      url = undefined;
    }
    const ok =
      url &&
      !allowed.tls &&
      url.protocol === 'http:' &&
      url.hostname.toLowerCase() === allowed.host &&
      Number(url.port || 80) === allowed.port;
    if (!url || !ok) {
      refuse(req.url ?? '');
      res.writeHead(403).end('refused by mcp-airlock: only the npm registry is reachable\n');
      return;
    }
    const up = http.request(
      {
        host: allowed.host,
        port: allowed.port,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers: req.headers,
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req, socket, head) => {
    const client = socket as net.Socket;
    client.on('error', () => undefined);
    const target = req.url ?? '';
    const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(target);
    if (!m || m[1]?.toLowerCase() !== allowed.host || Number(m[2]) !== allowed.port) {
      refuse(`CONNECT ${target}`);
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    dial(allowed.host, allowed.port, upstream)
      .then((up) => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) up.write(head);
        up.setTimeout(IDLE_MS, () => up.destroy());
        client.setTimeout(IDLE_MS, () => client.destroy());
        sockets.add(up);
        up.on('close', () => sockets.delete(up));
        up.on('error', () => client.destroy());
        client.on('close', () => up.destroy());
        up.pipe(client);
        client.pipe(up);
      })
      .catch(() => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o666);
  return {
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
