// The fake mail server's sockets. Plain SMTP (original port 25, 587 or 2525) runs on the
// demux's client socket: the demux calls attachSmtp as soon as it accepts, so the banner goes
// out before the client speaks. Implicit TLS (original port 465, first bytes a ClientHello) is
// piped by the demux to a loopback-only TLS server here that terminates TLS with a certificate
// for the SNI (or mail.example) signed by the run's CA, then runs the same dialog inside.
// Limits: a client that refuses the run's CA fails the handshake (logged as tls-error); plain
// SMTP on 465 or TLS on the plain ports is not served; certificates are cached per name, at most
// MAX_CERTS; decrypted input is bounded by limits.streamBytes and idle sessions are closed.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { getCA } from 'mockttp/dist/util/certificates';
import type { NetsimConfig } from './config.js';
import type { EventLog } from './event-log.js';
import type { NetsimEvent } from './events.js';
import { SmtpSession, type SmtpMessage } from './smtp-session.js';
import type { FlowRegistry } from './tcp-demux.js';

export const SMTP_PORTS: ReadonlySet<number> = new Set([25, 587, 2525]);
export const SMTPS_PORT = 465;
const HOSTNAME = 'mail.example';
const MAX_CERTS = 256;
const MAX_LINE = 8192;
const MAX_RECIPIENTS = 100;
const MAX_MESSAGES = 100;

/** The log record of one message. */
export function smtpEvent(flow: number, m: SmtpMessage, t = Date.now()): NetsimEvent {
  return {
    type: 'smtp',
    t,
    flow,
    mailFrom: m.mailFrom,
    rcptTo: m.rcptTo,
    ...(m.auth !== undefined ? { auth: m.auth } : {}),
    data: m.data.toString('base64'),
    bytes: m.bytes,
    truncated: m.truncated,
    ...(m.aborted ? { aborted: true } : {}),
  };
}

export interface SmtpWire {
  write(text: string): void;
  end(): void;
}

export interface SmtpConnection {
  /** Client bytes arrived. */
  feed(chunk: Buffer): void;
  /** The connection closed. */
  end(): void;
}

/** Start an SMTP dialog on a connection: sends the banner now, logs each message. */
export function attachSmtp(
  wire: SmtpWire,
  flow: number,
  config: NetsimConfig,
  events: EventLog,
): SmtpConnection {
  const session = new SmtpSession({
    hostname: HOSTNAME,
    maxLine: MAX_LINE,
    maxDataBytes: config.limits.streamBytes,
    keepDataBytes: config.limits.httpBody,
    maxRecipients: MAX_RECIPIENTS,
    maxMessages: MAX_MESSAGES,
    onMessage: (m) => {
      if (m.truncated) events.cap('smtp-message-bytes', config.limits.httpBody, `flow ${flow}`);
      events.write(smtpEvent(flow, m));
    },
  });
  let closed = false;
  wire.write(session.greeting());
  return {
    feed(chunk) {
      if (closed) return;
      const out = session.feed(chunk);
      if (out.replies) wire.write(out.replies);
      if (out.close) {
        closed = true;
        wire.end();
      }
    },
    end() {
      session.end();
    },
  };
}

/** A valid DNS name to put in a certificate, else undefined. */
function certName(sni: string | undefined): string | undefined {
  if (!sni || sni.length > 253) return undefined;
  return /^[a-z0-9]([a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/i.test(sni) ? sni.toLowerCase() : undefined;
}

/** The interceptor's words for a failed handshake (as mockttp's tls-client-error uses them). */
function tlsCause(e: Error): string {
  const text = `${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}`.toLowerCase();
  if (/bad certificate|unknown ca|certificate unknown|certificate_unknown/.test(text))
    return 'cert-rejected';
  if (text.includes('no shared cipher')) return 'no-shared-cipher';
  if (text.includes('econnreset')) return 'reset';
  if (text.includes('timeout')) return 'handshake-timeout';
  if (text.includes('socket hang up') || text.includes('closed')) return 'closed';
  return 'unknown';
}

/** Start the loopback TLS server for implicit-TLS SMTP (port 465). */
export async function startSmtps(
  config: NetsimConfig,
  events: EventLog,
  flows: FlowRegistry,
): Promise<tls.Server> {
  const ca = await getCA({
    key: readFileSync(config.caKeyPath, 'utf8'),
    cert: readFileSync(config.caCertPath, 'utf8'),
  });
  const contexts = new Map<string, Promise<tls.SecureContext>>();
  const contextFor = (name: string): Promise<tls.SecureContext> => {
    const known = contexts.get(name);
    if (known) return known;
    if (contexts.size >= MAX_CERTS) {
      const oldest = contexts.keys().next().value;
      if (oldest !== undefined) contexts.delete(oldest);
    }
    const made = ca
      .generateCertificate(name)
      .then((c) => tls.createSecureContext({ key: c.key, cert: c.cert }));
    made.catch(() => contexts.delete(name));
    contexts.set(name, made);
    return made;
  };
  const fallback = await ca.generateCertificate(HOSTNAME);
  const flowOf = (port: number | undefined) =>
    port === undefined ? 0 : (flows.flowForLoopbackPort(port) ?? 0);

  const server = tls.createServer(
    {
      key: fallback.key,
      cert: fallback.cert,
      handshakeTimeout: config.limits.idleMs,
      SNICallback: (sni, cb) => {
        contextFor(certName(sni) ?? HOSTNAME).then(
          (ctx) => cb(null, ctx),
          (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
        );
      },
    },
    (socket) => {
      const flow = flowOf(socket.remotePort);
      let bytes = 0;
      const smtp = attachSmtp(
        { write: (text) => socket.write(text), end: () => socket.end() },
        flow,
        config,
        events,
      );
      socket.setTimeout(config.limits.idleMs, () => socket.destroy());
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > config.limits.streamBytes) return socket.destroy();
        smtp.feed(chunk);
      });
      socket.on('close', () => smtp.end());
    },
  );
  server.on('tlsClientError', (e, socket) => {
    events.write({
      type: 'tls-error',
      t: Date.now(),
      flow: flowOf(socket.remotePort),
      sni: (typeof socket.servername === 'string' ? socket.servername : '').slice(0, 255),
      cause: tlsCause(e),
    });
  });
  server.on('error', (e) => process.stderr.write(`netsim smtps: ${String(e)}\n`));
  await new Promise<void>((resolve) => server.listen(config.smtpsPort, '127.0.0.1', resolve));
  return server;
}
