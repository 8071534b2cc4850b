import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { answerQuery } from './dns-server.js';
import { FakeAddressBook } from './fake-address.js';

interface Logged {
  name: string;
  qtype: string;
  answers: string[];
}

/** The response code (0 is NOERROR). */
const rcode = (p: dnsPacket.DecodedPacket) => (p.flags ?? 0) & 0x0f;

/** Encode a query, answer it and decode the reply; also returns what was logged. */
function ask(questions: dnsPacket.Question[], id = 4242) {
  const book = new FakeAddressBook();
  const logged: Logged[] = [];
  const query = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions,
  });
  const reply = answerQuery(query, book, (name, qtype, answers) =>
    logged.push({ name, qtype, answers }),
  );
  if (!reply) throw new Error('no reply');
  return { packet: dnsPacket.decode(reply), logged, book };
}

describe('answerQuery', () => {
  it('answers A and AAAA from the address book', () => {
    const { packet, logged, book } = ask([
      { type: 'A', name: 'api.svc.example' },
      { type: 'AAAA', name: 'api.svc.example' },
    ]);
    expect(packet.type).toBe('response');
    expect(packet.id).toBe(4242);
    expect(rcode(packet)).toBe(0);
    expect(packet.answers?.map((a) => [a.type, 'data' in a ? a.data : undefined])).toEqual([
      ['A', book.ipv4('api.svc.example')],
      ['AAAA', book.ipv6('api.svc.example')],
    ]);
    expect(logged).toEqual([
      { name: 'api.svc.example', qtype: 'A', answers: [book.ipv4('api.svc.example')] },
      { name: 'api.svc.example', qtype: 'AAAA', answers: [book.ipv6('api.svc.example')] },
    ]);
  });

  it('keeps the question name as asked (0x20 case) in the answer', () => {
    const { packet } = ask([{ type: 'A', name: 'ApI.SvC.eXample' }]);
    expect(packet.answers?.[0]?.name).toBe('ApI.SvC.eXample');
  });

  it('answers TXT with an SPF record', () => {
    const { packet, logged } = ask([{ type: 'TXT', name: 'corp.example' }]);
    const a = packet.answers?.[0];
    expect(a?.type).toBe('TXT');
    expect(a && 'data' in a ? (a.data as Buffer[]).map(String) : []).toEqual(['v=spf1 -all']);
    expect(logged[0]).toEqual({ name: 'corp.example', qtype: 'TXT', answers: ['v=spf1 -all'] });
  });

  it('answers MX with mx1.<name> at preference 10', () => {
    const { packet, logged } = ask([{ type: 'MX', name: 'corp.example' }]);
    expect(packet.answers).toEqual([
      expect.objectContaining({
        type: 'MX',
        name: 'corp.example',
        data: { preference: 10, exchange: 'mx1.corp.example' },
      }),
    ]);
    expect(logged[0]?.answers).toEqual(['10 mx1.corp.example']);
  });

  it('answers CNAME with edge.<name>, only when asked for CNAME', () => {
    const { packet } = ask([{ type: 'CNAME', name: 'www.corp.example' }]);
    expect(packet.answers).toEqual([
      expect.objectContaining({ type: 'CNAME', data: 'edge.www.corp.example' }),
    ]);
    const a = ask([{ type: 'A', name: 'www.corp.example' }]).packet;
    expect(a.answers?.map((x) => x.type)).toEqual(['A']);
  });

  it('answers NS with two name servers', () => {
    const { packet } = ask([{ type: 'NS', name: 'corp.example' }]);
    expect(packet.answers?.map((a) => ('data' in a ? a.data : undefined))).toEqual([
      'ns1.corp.example',
      'ns2.corp.example',
    ]);
  });

  it('answers SOA minimally', () => {
    const { packet } = ask([{ type: 'SOA', name: 'corp.example' }]);
    expect(packet.answers).toEqual([
      expect.objectContaining({
        type: 'SOA',
        data: expect.objectContaining({
          mname: 'ns1.corp.example',
          rname: 'hostmaster.corp.example',
          minimum: 60,
        }) as unknown,
      }),
    ]);
  });

  it.each<dnsPacket.RecordType>(['SRV', 'PTR', 'CAA', 'HINFO', 'DNSKEY'])(
    'gives %s NOERROR with no answers but still logs it',
    (type) => {
      const { packet, logged } = ask([{ type, name: 'corp.example' }]);
      expect(rcode(packet)).toBe(0);
      expect(packet.answers).toEqual([]);
      expect(logged).toEqual([{ name: 'corp.example', qtype: type, answers: [] }]);
    },
  );

  it('answers nothing for a class other than IN (version.bind CH TXT)', () => {
    const { packet, logged } = ask([{ type: 'TXT', name: 'version.bind', class: 'CH' }]);
    expect(packet.answers).toEqual([]);
    expect(logged).toEqual([{ name: 'version.bind', qtype: 'TXT', answers: [] }]);
  });

  it('skips derived answers that would make an over-long name', () => {
    const label = 'a'.repeat(63);
    const name = [label, label, label, 'b'.repeat(59)].join('.');
    const { packet } = ask([
      { type: 'MX', name },
      { type: 'TXT', name },
    ]);
    expect(packet.answers?.map((a) => a.type)).toEqual(['TXT']);
  });

  it('answers a query with one EDNS OPT record', () => {
    const query = dnsPacket.encode({
      type: 'query',
      id: 9,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: 'A', name: 'edns.example' }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.Answer],
    });
    expect(answerQuery(query, new FakeAddressBook(), () => undefined)).toBeInstanceOf(Buffer);
  });

  it('answers up to eight questions; more is not a plain query', () => {
    const qs = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: 'A' as const, name: `h${i}.example` }));
    expect(ask(qs(8)).logged).toHaveLength(8);
    expect(() => ask(qs(12))).toThrow('no reply');
  });

  it.each<[string, Buffer]>([
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from([1])],
    ['text', Buffer.from('hello, this is not DNS at all')],
    [
      'header claiming a question that is missing',
      Buffer.from([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
    ],
    ['no questions', dnsPacket.encode({ type: 'query', id: 1, questions: [] })],
    [
      'a response, not a query',
      dnsPacket.encode({ type: 'response', id: 1, questions: [{ type: 'A', name: 'x.example' }] }),
    ],
    [
      'a query with bytes after the message',
      Buffer.concat([
        dnsPacket.encode({ type: 'query', id: 1, questions: [{ type: 'A', name: 'x.example' }] }),
        Buffer.from('AKIAEXAMPLESECRET'),
      ]),
    ],
    [
      'a query carrying an answer record',
      dnsPacket.encode({
        type: 'query',
        id: 1,
        questions: [{ type: 'A', name: 'x.example' }],
        answers: [{ type: 'TXT', name: 'x.example', data: 'c2VjcmV0' }],
      }),
    ],
    [
      'a query carrying an authority record',
      dnsPacket.encode({
        type: 'query',
        id: 1,
        questions: [{ type: 'A', name: 'x.example' }],
        authorities: [{ type: 'A', name: 'x.example', data: '192.0.2.1' }],
      }),
    ],
    [
      'a query with a non-OPT additional record',
      dnsPacket.encode({
        type: 'query',
        id: 1,
        questions: [{ type: 'A', name: 'x.example' }],
        additionals: [{ type: 'TXT', name: 'x.example', data: 'hidden' }],
      }),
    ],
    [
      'an UPDATE, not a QUERY',
      dnsPacket.encode({
        type: 'query',
        id: 1,
        flags: 5 << 11, // opcode UPDATE
        questions: [{ type: 'SOA', name: 'x.example' }],
      }),
    ],
  ])('returns undefined for junk: %s', (_name, input) => {
    const logged: unknown[] = [];
    expect(answerQuery(input, new FakeAddressBook(), (...a) => logged.push(a))).toBeUndefined();
    expect(logged).toEqual([]);
  });
});
