// Integration: netsim's fake services seen from inside a real pod. The probe (run only inside
// the target container) resolves TXT and MX names, sends one email over plain SMTP on 587 with a
// hand-written client and one over implicit TLS on 465, and calls a Postmark-like HTTPS API; the
// test checks the probe's output and netsim's log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNetsimEvents } from '../../src/observe/netsim-events.js';
import type { Pod } from '../docker/pod.js';
import { startProbePod, type ProbePod } from '../docker/probe-pod.js';
import { TARGET_PROJECT_SOURCE, targetEnv } from '../docker/pod-spec.js';
import type { NetsimEvent } from './events.js';

let pod: Pod;
let probe: ProbePod;

// The probe runs only inside the target container, never on the host.
const PROBE = `
const net = require('net'), tls = require('tls'), dns = require('dns').promises;
const b64 = (s) => Buffer.from(s).toString('base64');
// Send each line, wait for a reply starting with the expected code.
async function smtp(sock, steps) {
  let buf = '';
  sock.on('data', (d) => { buf += d.toString(); });
  const out = [];
  for (const [line, code] of steps) {
    if (line !== null) sock.write(line);
    const t0 = Date.now();
    while (!new RegExp('(^|\\\\n)' + code + ' [^\\\\n]*\\\\r\\\\n$').test(buf)) {
      if (Date.now() - t0 > 5000) throw new Error('timeout waiting for ' + code + ': ' + buf);
      await new Promise((r) => setTimeout(r, 20));
    }
    out.push(buf.trim().split('\\r\\n').pop());
    buf = '';
  }
  sock.end();
  return out;
}
const mail = (from, tos, body) => [
  [null, '220'],
  ['EHLO probe.example\\r\\n', '250'],
  ['AUTH PLAIN ' + b64('\\0' + from + '\\0probe-secret-1234') + '\\r\\n', '235'],
  ['MAIL FROM:<' + from + '>\\r\\n', '250'],
  ...tos.map((to) => ['RCPT TO:<' + to + '>\\r\\n', '250']),
  ['DATA\\r\\n', '354'],
  [body + '\\r\\n.\\r\\n', '250'],
  ['QUIT\\r\\n', '221'],
];
(async () => {
  console.log('txt', JSON.stringify(await dns.resolveTxt('corp.example')));
  console.log('mx', JSON.stringify(await dns.resolveMx('corp.example')));
  await new Promise((r) => { const u = require('dgram').createSocket('udp4'); u.send('not-dns-junk', 53, '192.0.2.53', () => { u.close(); r(); }); });
  const plain = await new Promise((resolve, reject) => {
    const s = net.connect(587, '198.51.100.25', () => resolve(s));
    s.on('error', reject);
  });
  const body = 'From: bot@corp.example\\r\\nTo: a@victim.example\\r\\nBcc: hidden@victim.example\\r\\nSubject: probe\\r\\n\\r\\n..dotted line\\r\\nprobe-body';
  console.log('smtp', JSON.stringify(await smtp(plain, mail('bot@corp.example', ['a@victim.example', 'hidden@victim.example'], body))));
  const secure = await new Promise((resolve, reject) => {
    const s = tls.connect({ host: '198.51.100.26', port: 465, servername: 'smtp.corp.example' }, () => resolve(s));
    s.on('error', reject);
  });
  console.log('smtps-cn', secure.getPeerCertificate().subject.CN);
  console.log('smtps', JSON.stringify(await smtp(secure, mail('tls@corp.example', ['c@victim.example'], 'Subject: tls'))));
  const res = await fetch('https://api.postmark.example/email', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Postmark-Server-Token': 'probe-token' },
    body: JSON.stringify({ From: 'bot@corp.example', To: 'a@victim.example', Subject: 'hi', TextBody: 'x' }),
  });
  console.log('postmark', res.status, await res.text());
})().catch((e) => { console.log('probe failed', String(e)); process.exitCode = 1; });
`;

beforeAll(async () => {
  probe = await startProbePod('nitest', PROBE);
  pod = probe.pod;
}, 180_000);

afterAll(async () => {
  await probe?.destroy();
});

/** The probe's output line that starts with `key `, without the key. */
const lineOf = (out: string, key: string) =>
  out
    .split('\n')
    .find((l) => l.startsWith(`${key} `))
    ?.slice(key.length + 1) ?? '';

describe('netsim services', () => {
  let out = '';
  let events: NetsimEvent[] = [];

  beforeAll(async () => {
    const r = await pod.execInTarget({
      cmd: ['node', `${TARGET_PROJECT_SOURCE}/probe.js`],
      timeoutMs: 40_000,
      maxBytes: 65536,
      env: targetEnv({}),
    });
    out = `${r.stdout.toString()}${r.stderr}`;
    await new Promise((res) => setTimeout(res, 1500));
    events = parseNetsimEvents(
      (await pod.readGatewayFile('/var/log/netsim/events.jsonl', 4 << 20)).toString(),
    ).events;
  }, 60_000);

  it('answers TXT and MX lookups and logs them with their type', () => {
    expect(out).not.toContain('probe failed');
    expect(JSON.parse(lineOf(out, 'txt'))).toEqual([['v=spf1 -all']]);
    expect(JSON.parse(lineOf(out, 'mx'))).toEqual([{ exchange: 'mx1.corp.example', priority: 10 }]);
    const dns = events.filter((e) => e.type === 'dns' && e.name === 'corp.example');
    expect(dns.map((e) => (e.type === 'dns' ? e.qtype : ''))).toEqual(
      expect.arrayContaining(['TXT', 'MX']),
    );
  });

  it('logs junk sent to the DNS port as a udp event', () => {
    const junk = events.find((e) => e.type === 'udp' && e.dstPort === 53);
    expect(junk).toMatchObject({
      dstIp: '192.0.2.53',
      first: Buffer.from('not-dns-junk').toString('base64'),
    });
  });

  it('accepts an email on 587 and logs its envelope and data', () => {
    expect(JSON.parse(lineOf(out, 'smtp'))).toEqual([
      expect.stringMatching(/^220 mail\.example ESMTP/),
      expect.stringMatching(/^250 /),
      expect.stringMatching(/^235 /),
      expect.stringMatching(/^250 /),
      expect.stringMatching(/^250 /),
      expect.stringMatching(/^250 /),
      expect.stringMatching(/^354 /),
      expect.stringMatching(/^250 2\.0\.0 Ok: queued/),
      expect.stringMatching(/^221 /),
    ]);
    const smtp = events.find((e) => e.type === 'smtp' && e.mailFrom === 'bot@corp.example');
    expect(smtp).toMatchObject({
      rcptTo: ['a@victim.example', 'hidden@victim.example'],
      truncated: false,
    });
    if (smtp?.type !== 'smtp') throw new Error('no smtp event');
    const data = Buffer.from(smtp.data, 'base64').toString();
    expect(data).toContain('Bcc: hidden@victim.example\r\n');
    expect(data).toContain('\r\n.dotted line\r\nprobe-body\r\n');
    expect(data.endsWith('probe-body\r\n')).toBe(true);
    expect(Buffer.from(smtp.auth ?? '', 'base64').toString()).toBe(
      '\0bot@corp.example\0probe-secret-1234',
    );
    const open = events.find((e) => e.type === 'tcp-open' && e.flow === smtp.flow);
    expect(open).toMatchObject({ dstIp: '198.51.100.25', dstPort: 587 });
    const close = events.find((e) => e.type === 'tcp-close' && e.flow === smtp.flow);
    expect(close).toMatchObject({ kind: 'smtp' });
    if (close?.type !== 'tcp-close') throw new Error('no tcp-close');
    expect(Buffer.from(close.captured ?? '', 'base64').toString()).toContain('probe-body');
  });

  it('accepts an email over implicit TLS on 465 with a certificate for the SNI', () => {
    expect(lineOf(out, 'smtps-cn')).toBe('smtp.corp.example');
    expect(JSON.parse(lineOf(out, 'smtps'))).toContain('221 2.0.0 Bye');
    const smtp = events.find((e) => e.type === 'smtp' && e.mailFrom === 'tls@corp.example');
    expect(smtp).toMatchObject({ rcptTo: ['c@victim.example'] });
    if (smtp?.type !== 'smtp') throw new Error('no smtps event');
    expect(Buffer.from(smtp.data, 'base64').toString()).toBe('Subject: tls\r\n');
    const open = events.find((e) => e.type === 'tcp-open' && e.flow === smtp.flow);
    expect(open).toMatchObject({ dstIp: '198.51.100.26', dstPort: 465 });
  });

  it('answers a Postmark API call like Postmark and records the request', () => {
    const line = lineOf(out, 'postmark');
    expect(line.startsWith('200 ')).toBe(true);
    const answer = JSON.parse(line.slice(4)) as Record<string, unknown>;
    expect(answer).toMatchObject({ To: 'a@victim.example', ErrorCode: 0, Message: 'OK' });
    expect(answer['MessageID']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(String(answer['SubmittedAt'])))).toBe(false);
    const http = events.find((e) => e.type === 'http' && e.url.includes('api.postmark.example'));
    expect(http).toMatchObject({ method: 'POST', url: 'https://api.postmark.example/email' });
    if (http?.type !== 'http') throw new Error('no http event');
    expect(http.headers['x-postmark-server-token']).toBe('probe-token');
  });
});
