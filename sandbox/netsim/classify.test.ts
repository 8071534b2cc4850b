import { describe, expect, it } from 'vitest';
import { classifyFirstBytes, type FirstBytesKind } from './classify.js';

const bytes = (...b: number[]): Buffer => Buffer.from(b);
const text = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('classifyFirstBytes', () => {
  it.each<[string, Buffer, FirstBytesKind]>([
    // TLS: handshake record, version major 3
    ['TLS 1.0 record header', bytes(0x16, 0x03, 0x01, 0x00, 0x05), 'tls'],
    ['TLS 1.2 record header', bytes(0x16, 0x03, 0x03), 'tls'],
    ['TLS record of exactly 3 bytes', bytes(0x16, 0x03, 0x00), 'tls'],
    ['handshake byte with wrong version', bytes(0x16, 0x02, 0x01), 'raw'],
    ['alert record, not handshake', bytes(0x15, 0x03, 0x01), 'raw'],
    // HTTP: a known method followed by a space
    ['GET', text('GET / HTTP/1.1\r\nHost: a.example\r\n\r\n'), 'http'],
    ['POST', text('POST /ingest HTTP/1.1\r\n'), 'http'],
    ['PUT', text('PUT /x HTTP/1.1\r\n'), 'http'],
    ['DELETE', text('DELETE /x HTTP/1.1\r\n'), 'http'],
    ['HEAD', text('HEAD / HTTP/1.1\r\n'), 'http'],
    ['OPTIONS', text('OPTIONS * HTTP/1.1\r\n'), 'http'],
    ['PATCH', text('PATCH /x HTTP/1.1\r\n'), 'http'],
    ['CONNECT', text('CONNECT a.example:443 HTTP/1.1\r\n'), 'http'],
    ['TRACE', text('TRACE / HTTP/1.1\r\n'), 'http'],
    ['PROPFIND', text('PROPFIND / HTTP/1.1\r\n'), 'http'],
    ['HTTP/2 preface', text('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 'http'],
    ['method with just its space', text('GET '), 'http'],
    ['lower-case method', text('get / HTTP/1.1\r\n'), 'raw'],
    ['method without a space', text('GET/ HTTP/1.1'), 'raw'],
    ['unknown method', text('BREW /pot HTTP/1.1\r\n'), 'raw'],
    ['method not at the start', text(' GET / HTTP/1.1\r\n'), 'raw'],
    ['method name as a prefix', text('GETX / HTTP/1.1'), 'raw'],
    // raw bytes
    ['plain text', text('NOTES hello\n'), 'raw'],
    ['SSH banner', text('SSH-2.0-OpenSSH_9.0\r\n'), 'raw'],
    ['binary', bytes(0x00, 0xff, 0x10, 0x20), 'raw'],
    // short chunks
    ['empty chunk', Buffer.alloc(0), 'raw'],
    ['one byte 0x16', bytes(0x16), 'raw'],
    ['two TLS bytes', bytes(0x16, 0x03), 'raw'],
    ['GET without its space', text('GET'), 'raw'],
    ['one letter', text('G'), 'raw'],
  ])('%s -> %s', (_name, chunk, kind) => {
    expect(classifyFirstBytes(chunk)).toBe(kind);
  });
});
