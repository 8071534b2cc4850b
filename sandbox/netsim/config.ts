// netsim's configuration: written by the host into the run folder, read inside the gateway.
// Pure types and defaults; no I/O here.

export interface NetsimConfig {
  /** Port every TCP connection is redirected to (the demultiplexer). */
  tcpPort: number;
  /** Port every non-DNS UDP datagram is redirected to. */
  udpPort: number;
  /** Port DNS to a configured resolver (UDP and TCP port 53) is redirected to. */
  dnsPort: number;
  /** Port DNS to any other server is redirected to (a bypass of the resolver). */
  dnsOtherPort: number;
  /** Loopback-only port of the TLS/HTTP interceptor (mockttp); reached only through the demux. */
  httpPort: number;
  /** Loopback-only port of the implicit-TLS SMTP server (465); reached only through the demux. */
  smtpsPort: number;
  caKeyPath: string;
  caCertPath: string;
  eventLogPath: string;
  /** The run's secret for fake addresses (written by the host per run; empty: unkeyed). */
  addressKey?: string;
  limits: NetsimLimits;
}

export interface NetsimLimits {
  /** Bytes kept of the start of each TCP stream (its first chunk, as an excerpt). */
  firstBytes: number;
  /** Bytes kept of each UDP datagram (a datagram is at most 64 KiB: nothing is lost). */
  datagramBytes: number;
  /** Bytes kept of a raw (or plain SMTP) TCP stream, logged with its tcp-close. */
  captureBytes: number;
  /** Bytes of an HTTP body, WebSocket message or SMTP message kept in the log (more: a cap). */
  httpBody: number;
  /** Bytes forwarded per connection to the interceptor before the stream is cut. */
  streamBytes: number;
  /** How long the demux waits for a client's first bytes before calling the stream silent. */
  peekMs: number;
  /** Events of one type written before that type stops being logged (a cap event says so). */
  eventsPerType: number;
  /** Bytes of event log before it stops growing (a cap event says so). */
  eventLogBytes: number;
  /** Idle time after which a raw connection is closed. */
  idleMs: number;
}

export const DEFAULT_NETSIM_CONFIG: NetsimConfig = {
  tcpPort: 10080,
  udpPort: 10053,
  dnsPort: 5353,
  dnsOtherPort: 5354,
  httpPort: 18443,
  smtpsPort: 18465,
  caKeyPath: '/run/netsim/ca.key',
  caCertPath: '/run/netsim/ca.pem',
  eventLogPath: '/var/log/netsim/events.jsonl',
  limits: {
    firstBytes: 4096,
    datagramBytes: 65536,
    captureBytes: 65536,
    httpBody: 1024 * 1024,
    streamBytes: 8 * 1024 * 1024,
    peekMs: 1000,
    eventsPerType: 5000,
    eventLogBytes: 96 * 1024 * 1024,
    idleMs: 15000,
  },
};

/** The file netsim leaves beside its event log once its interceptor listens (main.ts). */
export const INTERCEPTOR_UP = 'interceptor.up';
