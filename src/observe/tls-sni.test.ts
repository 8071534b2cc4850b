// SNI from real ClientHello bytes (made by node:tls against a local socket that never answers)
// and from truncated and hostile ones.
import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { sniOf } from './tls-sni.js';

/** The first bytes node:tls sends for `servername`, captured on a loopback listener. */
async function clientHello(servername: string): Promise<Buffer> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const got = new Promise<Buffer>((resolve) =>
    server.once('connection', (s) => s.once('data', (d: Buffer) => (s.destroy(), resolve(d)))),
  );
  const c = tls.connect({ host: '127.0.0.1', port, servername });
  c.on('error', () => undefined);
  const hello = await got;
  c.destroy();
  server.close();
  return hello;
}

describe('sniOf', () => {
  it('reads the server name of a real ClientHello, lower-cased', async () => {
    expect(sniOf(await clientHello('Api.Allowed.Example'))).toBe('api.allowed.example');
  });

  it('gives nothing when the hello is cut before the extension', async () => {
    const hello = await clientHello('api.allowed.example');
    expect(sniOf(hello.subarray(0, 60))).toBeUndefined();
  });

  it.each<[string, Buffer]>([
    ['empty', Buffer.alloc(0)],
    ['HTTP', Buffer.from('GET / HTTP/1.1\r\n')],
    ['a TLS record that is not a ClientHello', Buffer.from([0x16, 3, 1, 0, 4, 2, 0, 0, 0])],
    [
      'lengths running past the end',
      Buffer.from([0x16, 3, 1, 0, 80, 1, 0, 0, 76, 3, 3, ...Array(32).fill(0), 255]),
    ],
  ])('gives nothing for %s', (_name, bytes) => {
    expect(sniOf(bytes)).toBeUndefined();
  });

  it('refuses a name with control characters', async () => {
    const hello = await clientHello('aaaa.example');
    const i = hello.indexOf('aaaa.example');
    hello[i] = 0x0a;
    expect(sniOf(hello)).toBeUndefined();
  });
});
