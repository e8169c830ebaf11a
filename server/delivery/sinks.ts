/**
 * Real receivers for tests and measurements: an SMTP server (the `smtp-server` package, with
 * AUTH, on loopback without TLS) and an HTTP webhook receiver. Both record what arrived, as it
 * arrived on the wire.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string | undefined;
  to: string[];
  /** Header names in lower case, folded lines joined. */
  headers: Map<string, string>;
  messageId: string | undefined;
  subject: string | undefined;
  /** The decoded text body. */
  text: string;
}

/** Decodes a single-part message body as nodemailer writes it (7bit, quoted-printable or base64). */
function decodeBody(body: string, encoding: string | undefined): string {
  switch (encoding?.toLowerCase()) {
    case 'quoted-printable': {
      const text = body.replace(/=\r?\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
        if (/^[0-9A-F]{2}$/i.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else bytes.push(text.charCodeAt(i) & 0xff);
      }
      return Buffer.from(bytes).toString('utf8');
    }
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header value. */
function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeURIComponent(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, '%$1')),
  );
}

export function parseMail(raw: string, from: string | undefined, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const body = split >= 0 ? raw.slice(split + 4) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return {
    from,
    to,
    headers,
    messageId: headers.get('message-id'),
    subject: headers.has('subject') ? decodeHeader(headers.get('subject')!) : undefined,
    text: decodeBody(body, headers.get('content-transfer-encoding')).replace(/\r\n/g, '\n'),
  };
}

export interface SmtpSinkOptions {
  user?: string;
  pass?: string;
  /** Wait before answering DATA, so deliveries are in flight for a while. */
  delayMs?: number;
  /** false: only count accepted messages (for load measurements). */
  keep?: boolean;
  /** Address to listen on; loopback unless a test needs another. */
  host?: string;
}

export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  /** Messages whose DATA began, accepted or not. */
  started = 0;
  /** Messages answered 250. */
  accepted = 0;
  /** `reject`: answer every message with 550. */
  mode: 'accept' | 'reject' = 'accept';
  port = 0;
  readonly user: string;
  readonly pass: string;
  #server: SMTPServer | undefined;
  readonly #delayMs: number;
  readonly #keep: boolean;
  readonly host: string;

  constructor(options: SmtpSinkOptions = {}) {
    this.#keep = options.keep ?? true;
    this.host = options.host ?? '127.0.0.1';
    this.user = options.user ?? 'team-relay';
    this.pass = options.pass ?? 'relay-password';
    this.#delayMs = options.delayMs ?? 0;
  }

  get url(): string {
    return `smtp://${this.user}:${this.pass}@${this.host}:${this.port}`;
  }

  /** Listens on `port` (0: a free one; the same port again after `stop()`). */
  async start(port = this.port): Promise<void> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      // Idle pooled client connections are cut at once on stop, not after the default 30 s.
      closeTimeout: 50,
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.user && auth.password === this.pass) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream, session, callback) => {
        this.started++;
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          setTimeout(() => {
            if (this.mode === 'reject') {
              callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
              return;
            }
            this.accepted++;
            if (this.#keep) {
              const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
              this.messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), from, session.envelope.rcptTo.map((r) => r.address)));
            }
            callback();
          }, this.#delayMs);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // A client that dies mid-message (the point of some tests) resets its connection.
    server.on('error', () => {});
    this.port = (server.server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface ReceivedHook {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver that answers `status` (200 unless changed) and records every request. */
export class WebhookSink {
  readonly requests: ReceivedHook[] = [];
  status = 200;
  #server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/trialkit`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('error', () => {}); // a sender killed mid-request
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (this.status >= 200 && this.status < 300) this.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(this.status, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
