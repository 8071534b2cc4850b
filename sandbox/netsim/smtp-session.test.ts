import { describe, expect, it } from 'vitest';
import { SmtpSession, type SmtpMessage, type SmtpSessionOptions } from './smtp-session.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A session with small limits that records its messages. */
function session(over: Partial<SmtpSessionOptions> = {}) {
  const messages: SmtpMessage[] = [];
  const s = new SmtpSession({
    hostname: 'mail.example',
    maxLine: 1024,
    maxDataBytes: 10_000,
    keepDataBytes: 2_000,
    maxRecipients: 5,
    maxMessages: 3,
    onMessage: (m) => messages.push(m),
    ...over,
  });
  /** Feed text; returns the reply codes (first three characters of each reply line). */
  const say = (text: string) => s.feed(Buffer.from(text, 'utf8'));
  const codes = (text: string) =>
    say(text)
      .replies.split('\r\n')
      .filter(Boolean)
      .map((l) => l.slice(0, 4));
  return { s, messages, say, codes };
}

describe('SmtpSession', () => {
  it('greets with a 220 ESMTP banner', () => {
    expect(session().s.greeting()).toBe('220 mail.example ESMTP\r\n');
  });

  it('runs a whole dialog, one command at a time', () => {
    const { messages, say } = session();
    const ehlo = say('EHLO client.example\r\n').replies;
    expect(ehlo).toContain('250-mail.example\r\n');
    expect(ehlo).toMatch(/250-SIZE \d+\r\n/);
    expect(ehlo).toContain('250-8BITMIME\r\n');
    expect(ehlo).toContain('250-AUTH PLAIN LOGIN\r\n');
    expect(ehlo).not.toContain('STARTTLS');
    expect(ehlo.endsWith('250 ENHANCEDSTATUSCODES\r\n')).toBe(true);
    expect(say(`AUTH PLAIN ${b64('\0bot@corp.example\0hunter2')}\r\n`).replies).toMatch(/^235 /);
    expect(say('MAIL FROM:<bot@corp.example> SIZE=100\r\n').replies).toBe('250 2.1.0 Ok\r\n');
    expect(say('RCPT TO:<a@victim.example>\r\n').replies).toBe('250 2.1.5 Ok\r\n');
    expect(say('RCPT TO: <b@victim.example>\r\n').replies).toBe('250 2.1.5 Ok\r\n');
    expect(say('DATA\r\n').replies).toMatch(/^354 /);
    expect(say('Subject: hi\r\n\r\nbody line\r\n').replies).toBe('');
    expect(say('.\r\n').replies).toMatch(/^250 2\.0\.0 Ok: queued as /);
    expect(say('NOOP\r\n').replies).toBe('250 2.0.0 Ok\r\n');
    expect(say('QUIT\r\n')).toEqual({ replies: '221 2.0.0 Bye\r\n', close: true });
    expect(messages).toEqual([
      {
        mailFrom: 'bot@corp.example',
        rcptTo: ['a@victim.example', 'b@victim.example'],
        auth: b64('\0bot@corp.example\0hunter2'),
        data: Buffer.from('Subject: hi\r\n\r\nbody line\r\n'),
        bytes: 26,
        truncated: false,
      },
    ]);
  });

  it('answers pipelined commands in order, including the DATA body in the same chunk', () => {
    const { messages, codes } = session();
    expect(
      codes(
        'EHLO c\r\nMAIL FROM:<x@corp.example>\r\nRCPT TO:<y@victim.example>\r\n' +
          'RCPT TO:<z@victim.example>\r\nDATA\r\nhello\r\n.\r\nRSET\r\nQUIT\r\n',
      ),
    ).toEqual([
      '250-',
      '250-',
      '250-',
      '250-',
      '250-',
      '250 ',
      '250 ',
      '250 ',
      '250 ',
      '354 ',
      '250 ',
      '250 ',
      '221 ',
    ]);
    expect(messages.map((m) => [m.mailFrom, m.rcptTo, m.data.toString()])).toEqual([
      ['x@corp.example', ['y@victim.example', 'z@victim.example'], 'hello\r\n'],
    ]);
  });

  it('reassembles commands and the terminator split across chunks', () => {
    const { messages, say } = session();
    for (const piece of [
      'HE',
      'LO c\r',
      '\nMAIL FROM:<a@',
      'b.example>\r\nRCPT TO:<c@d.example>\r\nDA',
    ])
      say(piece);
    say('TA\r\nline\r\n.');
    expect(messages).toHaveLength(0);
    expect(say('\r\n').replies).toMatch(/^250 2\.0\.0/);
    expect(messages[0]?.data.toString()).toBe('line\r\n');
  });

  it('removes dot-stuffing and ends only on a lone dot', () => {
    const { messages, say } = session();
    say('HELO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n');
    say('..leading dot\r\n...two dots\r\n. not the end\r\nmid.dle\r\n..\r\n.\r\n');
    expect(messages[0]?.data.toString()).toBe(
      '.leading dot\r\n..two dots\r\n not the end\r\nmid.dle\r\n.\r\n',
    );
  });

  it('accepts AUTH LOGIN and records it in PLAIN form', () => {
    const { messages, say } = session();
    say('EHLO c\r\n');
    expect(say('AUTH LOGIN\r\n').replies).toBe('334 VXNlcm5hbWU6\r\n');
    expect(say(`${b64('user@corp.example')}\r\n`).replies).toBe('334 UGFzc3dvcmQ6\r\n');
    expect(say(`${b64('s3cret-canary')}\r\n`).replies).toMatch(/^235 /);
    say('MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nx\r\n.\r\n');
    expect(Buffer.from(messages[0]?.auth ?? '', 'base64').toString()).toBe(
      '\0user@corp.example\0s3cret-canary',
    );
  });

  it('accepts AUTH PLAIN with the response on its own line, and cancels on *', () => {
    const a = session();
    expect(a.say('AUTH PLAIN\r\n').replies).toBe('334 \r\n');
    expect(a.say(`${b64('\0u\0p')}\r\n`).replies).toMatch(/^235 /);
    expect(a.say('AUTH PLAIN x\r\n').replies).toMatch(/^503 /);
    const b = session();
    b.say('AUTH LOGIN\r\n');
    expect(b.say('*\r\n').replies).toMatch(/^501 /);
    expect(b.say('AUTH CRAM-MD5\r\n').replies).toMatch(/^504 /);
  });

  it('reports credentials or an envelope left unfinished when the connection ends', () => {
    const a = session();
    a.say(`AUTH PLAIN ${b64('\0u\0canary-pass')}\r\nQUIT\r\n`);
    a.s.end();
    a.s.end();
    expect(a.messages).toEqual([
      {
        mailFrom: '',
        rcptTo: [],
        auth: b64('\0u\0canary-pass'),
        data: Buffer.alloc(0),
        bytes: 0,
        truncated: false,
        aborted: true,
      },
    ]);
    const b = session();
    b.say('MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\npartial');
    b.s.end();
    expect(b.messages).toHaveLength(1);
    expect(b.messages[0]).toMatchObject({ aborted: true, rcptTo: ['c@d.example'] });
    const c = session();
    c.say('EHLO c\r\nQUIT\r\n');
    c.s.end();
    expect(c.messages).toEqual([]);
  });

  it('refuses commands out of order', () => {
    const { codes } = session();
    expect(codes('RCPT TO:<a@b.example>\r\n')).toEqual(['503 ']);
    expect(codes('DATA\r\n')).toEqual(['503 ']);
    expect(codes('MAIL FROM:<a@b.example>\r\nMAIL FROM:<a@b.example>\r\n')).toEqual([
      '250 ',
      '503 ',
    ]);
    expect(codes('DATA\r\n')).toEqual(['503 ']);
    expect(codes('MAIL TO:<x>\r\nSTARTTLS\r\nBREW coffee\r\n')).toEqual(['503 ', '502 ', '502 ']);
    expect(codes('RSET\r\nMAIL FROMX\r\n')).toEqual(['250 ', '501 ']);
  });

  it('bounds recipients and messages per session', () => {
    const { codes, messages } = session();
    codes('MAIL FROM:<a@b.example>\r\n');
    const rcpts = Array.from({ length: 7 }, (_, i) => `RCPT TO:<r${i}@d.example>\r\n`).join('');
    expect(codes(rcpts)).toEqual(['250 ', '250 ', '250 ', '250 ', '250 ', '452 ', '452 ']);
    codes('DATA\r\nx\r\n.\r\n');
    expect(messages[0]?.rcptTo).toHaveLength(5);
    for (let i = 0; i < 2; i += 1)
      codes('MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d>\r\nDATA\r\nx\r\n.\r\n');
    expect(codes('MAIL FROM:<a@b.example>\r\n')).toEqual(['452 ']);
    expect(messages).toHaveLength(3);
  });

  it('closes on an over-long command line', () => {
    const { say } = session();
    const r = say(`EHLO ${'a'.repeat(2000)}`);
    expect(r.close).toBe(true);
    expect(r.replies).toMatch(/^500 /);
    expect(say('QUIT\r\n')).toEqual({ replies: '', close: true });
  });

  it('closes after too many errors', () => {
    const { say } = session();
    const r = say('XXXX\r\n'.repeat(30));
    expect(r.close).toBe(true);
    expect(r.replies.split('\r\n').filter(Boolean)).toHaveLength(21);
    expect(r.replies).toMatch(/421 4\.7\.0 [^\r]*\r\n$/);
  });

  it('keeps long body lines, keeps only keepDataBytes, and refuses bodies over maxDataBytes', () => {
    const { say, messages } = session();
    say('MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n');
    say(`.${'x'.repeat(1500)}`);
    say(`${'y'.repeat(1500)}\r\n.\r\n`);
    expect(messages[0]).toMatchObject({ bytes: 3002, truncated: true, mailFrom: 'a@b.example' });
    expect(messages[0]?.data.toString()).toBe(`${'x'.repeat(1500)}${'y'.repeat(500)}`);
    say('MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n');
    const r = say('z'.repeat(6000) + '\r\n' + 'z'.repeat(6000));
    expect(r.close).toBe(true);
    expect(r.replies).toMatch(/^552 /);
    expect(messages[1]).toMatchObject({ aborted: true, truncated: true });
    expect(messages[1]?.data.length).toBe(2000);
    expect(messages[1]?.bytes).toBeGreaterThan(10_000);
  });

  it('records UTF-8 addresses as sent', () => {
    const { say, messages } = session();
    say('MAIL FROM:<jörg@b.example>\r\nRCPT TO:<ünï@d.example>\r\nDATA\r\n.\r\n');
    expect(messages[0]).toMatchObject({ mailFrom: 'jörg@b.example', rcptTo: ['ünï@d.example'] });
  });
});
