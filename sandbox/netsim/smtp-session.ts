// The fake mail server's dialog, with no I/O: feed it the client's bytes, write back the
// replies it returns, and it calls onMessage once per message. It speaks plain ESMTP (EHLO/HELO,
// AUTH PLAIN and LOGIN accepting anything, MAIL, RCPT, DATA, RSET, NOOP, VRFY, QUIT) with
// pipelining; it does not offer STARTTLS (implicit TLS on 465 is done by the caller).
// Everything the client sends is hostile: command lines are bounded by maxLine (longer closes
// the session), message bodies by maxDataBytes (larger is recorded truncated and refused), and
// only keepDataBytes of each body are kept. Recipients, messages and errors are counted and
// bounded. `auth` is base64 of the SASL PLAIN form `authzid\0user\0pass` (AUTH LOGIN's answers
// are recast into it, authzid empty), so canaries in credentials can be matched.

export interface SmtpMessage {
  mailFrom: string;
  rcptTo: string[];
  /** Base64 SASL PLAIN payload, when the client authenticated. */
  auth?: string;
  /** The message as received, dot-stuffing removed, at most keepDataBytes. */
  data: Buffer;
  /** Size of the whole message body received. */
  bytes: number;
  truncated: boolean;
  /** The connection ended (or the message was refused) before the message was accepted. */
  aborted?: boolean;
}

export interface SmtpSessionOptions {
  hostname: string;
  maxLine: number;
  maxDataBytes: number;
  keepDataBytes: number;
  maxRecipients: number;
  maxMessages: number;
  onMessage: (message: SmtpMessage) => void;
}

export interface SmtpOutput {
  /** Replies to send, in order (CRLF-terminated). */
  replies: string;
  /** Close the connection after sending the replies. */
  close: boolean;
}

const MAX_ERRORS = 20;
const MAX_ADDRESS = 320;
const USERNAME_PROMPT = 'VXNlcm5hbWU6';
const PASSWORD_PROMPT = 'UGFzc3dvcmQ6';

type AuthWait = 'none' | 'plain' | 'login-user' | 'login-pass';

export class SmtpSession {
  private pending: Buffer = Buffer.alloc(0);
  private closed = false;
  private inData = false;
  private atLineStart = true;
  private authWait: AuthWait = 'none';
  private loginUser: Buffer = Buffer.alloc(0);
  private auth: string | undefined;
  private mailFrom: string | undefined;
  private rcptTo: string[] = [];
  private body: Buffer[] = [];
  private kept = 0;
  private bytes = 0;
  private messages = 0;
  private errors = 0;
  private reported = 0;
  private ended = false;
  private out: string[] = [];

  constructor(private readonly opts: SmtpSessionOptions) {}

  /** The banner the server sends as soon as the client connects. */
  greeting(): string {
    return `220 ${this.opts.hostname} ESMTP\r\n`;
  }

  /** Consume client bytes; returns the replies they call for. */
  feed(chunk: Buffer): SmtpOutput {
    if (this.closed) return { replies: '', close: true };
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (!this.closed) {
      const lf = this.pending.indexOf(0x0a);
      if (lf < 0) {
        if (this.pending.length <= this.opts.maxLine) break;
        if (this.inData) {
          // A long body line: keep it as content; it cannot be the terminator.
          this.dataLine(this.pending, false);
          this.pending = Buffer.alloc(0);
          break;
        }
        this.reply('500 5.5.2 Error: line too long');
        this.closed = true;
        break;
      }
      const line = this.pending.subarray(0, lf + 1);
      this.pending = this.pending.subarray(lf + 1);
      if (this.inData) this.dataLine(line, true);
      else this.command(line.toString('utf8').replace(/\r?\n$/, ''));
    }
    const replies = this.out.join('');
    this.out = [];
    return { replies, close: this.closed };
  }

  /** The connection is gone: report an unfinished transaction (or credentials never used). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const unfinished = this.inData || this.mailFrom !== undefined;
    if (unfinished || (this.auth !== undefined && this.reported === 0)) this.emit(true);
    this.closed = true;
    this.resetTransaction();
  }

  private reply(line: string): void {
    this.out.push(`${line}\r\n`);
  }

  private error(line: string): void {
    this.reply(line);
    this.errors += 1;
    if (this.errors >= MAX_ERRORS) {
      this.reply('421 4.7.0 Error: too many errors');
      this.closed = true;
    }
  }

  private command(line: string): void {
    if (this.authWait !== 'none') return this.authAnswer(line.trim());
    const m = /^\s*([A-Za-z]+)\b\s*(.*)$/.exec(line);
    const verb = m?.[1]?.toUpperCase() ?? '';
    const arg = m?.[2]?.trim() ?? '';
    switch (verb) {
      case 'EHLO':
        this.resetTransaction();
        this.out.push(
          `250-${this.opts.hostname}\r\n250-PIPELINING\r\n250-SIZE ${this.opts.maxDataBytes}\r\n` +
            '250-8BITMIME\r\n250-AUTH PLAIN LOGIN\r\n250 ENHANCEDSTATUSCODES\r\n',
        );
        return;
      case 'HELO':
        this.resetTransaction();
        return this.reply(`250 ${this.opts.hostname}`);
      case 'AUTH':
        return this.authStart(arg);
      case 'MAIL': {
        if (this.mailFrom !== undefined) return this.error('503 5.5.1 Error: nested MAIL command');
        if (this.messages >= this.opts.maxMessages)
          return this.error('452 4.3.1 Error: too many messages in this session');
        const from = /^FROM:\s*(.*)$/i.exec(arg);
        if (!from) return this.error('501 5.5.4 Syntax: MAIL FROM:<address>');
        this.mailFrom = address(from[1] ?? '');
        return this.reply('250 2.1.0 Ok');
      }
      case 'RCPT': {
        if (this.mailFrom === undefined) return this.error('503 5.5.1 Error: need MAIL command');
        const to = /^TO:\s*(.*)$/i.exec(arg);
        if (!to) return this.error('501 5.5.4 Syntax: RCPT TO:<address>');
        if (this.rcptTo.length >= this.opts.maxRecipients)
          return this.error('452 4.5.3 Error: too many recipients');
        this.rcptTo.push(address(to[1] ?? ''));
        return this.reply('250 2.1.5 Ok');
      }
      case 'DATA':
        if (this.mailFrom === undefined) return this.error('503 5.5.1 Error: need MAIL command');
        if (this.rcptTo.length === 0) return this.error('503 5.5.1 Error: need RCPT command');
        this.inData = true;
        this.atLineStart = true;
        return this.reply('354 End data with <CR><LF>.<CR><LF>');
      case 'RSET':
        this.resetTransaction();
        return this.reply('250 2.0.0 Ok');
      case 'NOOP':
        return this.reply('250 2.0.0 Ok');
      case 'VRFY':
        return this.reply('252 2.0.0 Cannot VRFY user, but will accept message');
      case 'QUIT':
        this.reply('221 2.0.0 Bye');
        this.closed = true;
        return;
      case 'STARTTLS':
      default:
        return this.error('502 5.5.2 Error: command not recognized');
    }
  }

  /** AUTH <mechanism> [initial-response]. */
  private authStart(arg: string): void {
    if (this.auth !== undefined) return this.error('503 5.5.1 Error: already authenticated');
    if (this.mailFrom !== undefined)
      return this.error('503 5.5.1 Error: MAIL transaction in progress');
    const [mech = '', initial] = arg.split(/\s+/, 2);
    switch (mech.toUpperCase()) {
      case 'PLAIN':
        if (initial === undefined || initial === '') {
          this.authWait = 'plain';
          return this.reply('334 ');
        }
        return this.authAnswer(initial, 'plain');
      case 'LOGIN':
        if (initial === undefined || initial === '') {
          this.authWait = 'login-user';
          return this.reply(`334 ${USERNAME_PROMPT}`);
        }
        return this.authAnswer(initial, 'login-user');
      default:
        return this.error('504 5.5.4 Error: unsupported authentication mechanism');
    }
  }

  /** One base64 answer in an AUTH exchange. */
  private authAnswer(answer: string, step: AuthWait = this.authWait): void {
    this.authWait = 'none';
    if (answer === '*') return this.error('501 5.7.0 Error: authentication cancelled');
    if (!/^[A-Za-z0-9+/=]*$/.test(answer))
      return this.error('501 5.5.2 Error: cannot decode response');
    const decoded = Buffer.from(answer, 'base64');
    if (step === 'login-user') {
      this.loginUser = decoded;
      this.authWait = 'login-pass';
      return this.reply(`334 ${PASSWORD_PROMPT}`);
    }
    const plain =
      step === 'login-pass'
        ? Buffer.concat([Buffer.from([0]), this.loginUser, Buffer.from([0]), decoded])
        : decoded;
    this.auth = plain.toString('base64');
    this.loginUser = Buffer.alloc(0);
    this.reply('235 2.7.0 Authentication successful');
  }

  /** One line (or a long line's piece) of a DATA body. */
  private dataLine(line: Buffer, complete: boolean): void {
    let content = line;
    if (this.atLineStart && content[0] === 0x2e) {
      if (complete && /^\.\r?\n$/.test(content.toString('latin1'))) return this.finishData();
      content = content.subarray(1); // dot-stuffing
    }
    this.atLineStart = complete;
    this.bytes += content.length;
    if (this.kept < this.opts.keepDataBytes) {
      const piece = content.subarray(0, this.opts.keepDataBytes - this.kept);
      this.body.push(Buffer.from(piece));
      this.kept += piece.length;
    }
    if (this.bytes > this.opts.maxDataBytes) {
      this.emit(true);
      this.resetTransaction();
      this.reply('552 5.3.4 Error: message file too big');
      this.closed = true;
    }
  }

  private finishData(): void {
    this.emit(false);
    this.messages += 1;
    this.resetTransaction();
    this.reply(`250 2.0.0 Ok: queued as ${queueId(this.messages)}`);
  }

  private emit(aborted: boolean): void {
    this.reported += 1;
    this.opts.onMessage({
      mailFrom: this.mailFrom ?? '',
      rcptTo: [...this.rcptTo],
      ...(this.auth !== undefined ? { auth: this.auth } : {}),
      data: Buffer.concat(this.body),
      bytes: this.bytes,
      truncated: this.bytes > this.kept,
      ...(aborted ? { aborted: true } : {}),
    });
  }

  private resetTransaction(): void {
    this.inData = false;
    this.mailFrom = undefined;
    this.rcptTo = [];
    this.body = [];
    this.kept = 0;
    this.bytes = 0;
  }
}

/** The address inside `<...>` (or the first word), bounded. */
function address(arg: string): string {
  const m = /^<([^>]*)>/.exec(arg.trim());
  const addr = m ? (m[1] ?? '') : (arg.trim().split(/\s+/)[0] ?? '');
  return addr.slice(0, MAX_ADDRESS);
}

/** A Postfix-looking queue id. */
function queueId(n: number): string {
  return `4F${(Date.now() % 0xffffff).toString(16).toUpperCase().padStart(6, '0')}${n}`;
}
