import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import * as path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { escapeHtml, inboxPage, messagePage, notFoundPage } from './mail-catcher-pages';
import { choosePort, LOOPBACK } from './ports';
import type { Log } from './process';

/**
 * A real SMTP server on 127.0.0.1 that accepts every message (no auth, no TLS) and keeps it, with a small
 * web inbox and JSON API to read what was "sent". The default outbound mail server for `npm start` and the
 * mail server tests send to.
 */

export interface CaughtAttachment {
  filename: string | undefined;
  contentType: string;
  size: number;
  /** Content-ID for inline parts (without <>). */
  contentId: string | undefined;
  /** MD5 of the content, as mailparser computes it. */
  checksum: string;
  content: Buffer;
}

export interface CaughtMessage {
  /** Sortable and URL-safe: `<received time>-<random>`. */
  id: string;
  /** ISO time the catcher accepted the message. */
  receivedAt: string;
  /** SMTP envelope: MAIL FROM and every RCPT TO (Bcc recipients included). */
  envelope: { from: string | undefined; to: string[] };
  /** The From header, e.g. `Waymark <noreply@waymark.test>` (or just the address when it has no name). */
  from: string;
  /** The From header's address. */
  fromAddress: string | undefined;
  /** Addresses of the To header, as written (compare case-insensitively, or use recipientsOf). */
  to: string[];
  cc: string[];
  replyTo: string[];
  subject: string;
  /** The Date header (ISO), or receivedAt when there is none. */
  date: string;
  messageId: string | undefined;
  inReplyTo: string | undefined;
  references: string[];
  /** Header name (lowercase) → value; repeated headers joined with a newline. */
  headers: Record<string, string>;
  text: string | undefined;
  html: string | undefined;
  attachments: CaughtAttachment[];
}

/** What the JSON API returns for a message: absent values as null, attachment contents as a download path. */
export type CaughtMessageJson = {
  [K in keyof Omit<CaughtMessage, 'attachments' | 'envelope'>]: undefined extends CaughtMessage[K]
    ? Exclude<CaughtMessage[K], undefined> | null
    : CaughtMessage[K];
} & {
  envelope: { from: string | null; to: string[] };
  attachments: Array<
    Omit<CaughtAttachment, 'content' | 'filename' | 'contentId'> & {
      filename: string | null;
      contentId: string | null;
      url: string;
    }
  >;
  links: { page: string; html: string; raw: string };
};

export interface StartMailCatcherOptions {
  /** SMTP port on 127.0.0.1. undefined or 0 → a free port. */
  smtpPort?: number;
  /** Web inbox / JSON API port on 127.0.0.1. undefined or 0 → a free port. */
  httpPort?: number;
  /** Keep each message as `<id>.eml` (+ `<id>.json` with the envelope) here, and reload them on start. */
  storeDir?: string;
  /** Largest message accepted, in bytes. Default 50 MB. */
  maxMessageBytes?: number;
  log?: Log;
}

export interface MailCatcherHandle {
  /** smtp://127.0.0.1:<port> — for SMTP_URL / nodemailer. */
  smtpUrl: string;
  smtpPort: number;
  /** http://127.0.0.1:<port> — web inbox; JSON under /api/messages. */
  inboxUrl: string;
  httpPort: number;
  /** Everything caught so far, in arrival order (oldest first). */
  messages(): CaughtMessage[];
  /** The message as received (raw MIME), or undefined. */
  raw(id: string): Buffer | undefined;
  /**
   * Resolves with the first message (oldest first) matching `predicate`, checking those already caught and
   * then each new arrival as it comes in. Call clear() first to wait only for messages sent afterwards.
   * Rejects after timeoutMs (default 10 s), listing what did arrive.
   */
  waitFor(predicate: (message: CaughtMessage) => boolean, timeoutMs?: number): Promise<CaughtMessage>;
  /** Forgets every message (and deletes the stored files). */
  clear(): void;
  stop(): Promise<void>;
}

interface Stored {
  message: CaughtMessage;
  raw: Buffer;
}

const ID_PATTERN = /^[A-Za-z0-9-]{1,80}$/;

export async function startMailCatcher(options: StartMailCatcherOptions = {}): Promise<MailCatcherHandle> {
  const log = options.log ?? console.log;
  const maxBytes = options.maxMessageBytes ?? 50 * 1024 * 1024;
  const storeDir = options.storeDir === undefined ? undefined : path.resolve(options.storeDir);
  const fail = (why: string) => new Error(`Mail catcher could not start: ${why}`);
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const store: Stored[] = [];

  if (storeDir) {
    try {
      fs.mkdirSync(storeDir, { recursive: true });
      store.push(...(await loadStore(storeDir, log)));
    } catch (err) {
      throw fail(`cannot use store directory ${storeDir}: ${(err as Error).message}`);
    }
  }

  const accept = async (raw: Buffer, envelope: CaughtMessage['envelope']): Promise<CaughtMessage> => {
    const receivedAt = new Date();
    const id = `${receivedAt.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
    const message = await toCaughtMessage(id, raw, envelope, receivedAt.toISOString());
    if (storeDir) {
      fs.writeFileSync(path.join(storeDir, `${id}.eml`), raw);
      fs.writeFileSync(
        path.join(storeDir, `${id}.json`),
        JSON.stringify({ envelope, receivedAt: message.receivedAt }),
      );
    }
    store.push({ message, raw });
    events.emit('message', message);
    return message;
  };

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Waymark mail catcher (local, nothing is delivered)',
    size: maxBytes,
    logger: false,
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const err = new Error(`Message exceeds the ${maxBytes} byte limit`) as Error & {
            responseCode: number;
          };
          err.responseCode = 552;
          callback(err);
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        accept(Buffer.concat(chunks), envelope).then(
          (message) => callback(null, `Caught as ${message.id}`),
          (err: Error) => {
            log(`Mail catcher could not store a message: ${err.message}`);
            callback(err);
          },
        );
      });
    },
  });
  smtp.on('error', (err) => log(`Mail catcher SMTP error: ${err.message}`));

  const smtpPort = await choosePort(options.smtpPort, 'Mail catcher SMTP');
  const httpPort = await choosePort(options.httpPort, 'Mail catcher web inbox');
  await listen(smtp.server, smtpPort).catch((err: Error) => {
    throw fail(`SMTP cannot listen on ${LOOPBACK}:${smtpPort}: ${err.message}`);
  });

  const find = (id: string) => store.find((s) => s.message.id === id);
  const clear = () => {
    const removed = store.splice(0, store.length);
    if (storeDir) {
      for (const { message } of removed) {
        for (const ext of ['eml', 'json'])
          fs.rmSync(path.join(storeDir, `${message.id}.${ext}`), { force: true });
      }
    }
  };

  const httpServer = http.createServer((req, res) => {
    try {
      route(req, res);
    } catch (err) {
      send(res, 500, 'text/plain; charset=utf-8', `Internal error: ${(err as Error).message}`);
    }
  });
  const route = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}`);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const newestFirst = () => store.map((s) => s.message).reverse();

    if (parts.length === 0 && method === 'GET') {
      return send(res, 200, HTML, inboxPage(newestFirst()));
    }
    if (parts[0] === 'clear' && parts.length === 1 && method === 'POST') {
      clear();
      res.writeHead(303, { Location: '/' }).end();
      return;
    }
    if (parts[0] === 'messages' && parts.length >= 2) {
      const found = ID_PATTERN.test(parts[1]) ? find(parts[1]) : undefined;
      if (!found) return send(res, 404, HTML, notFoundPage(parts[1]));
      if (method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      const { message, raw } = found;
      if (parts.length === 2) return send(res, 200, HTML, messagePage(message));
      if (parts.length === 3 && parts[2] === 'raw') return send(res, 200, 'text/plain; charset=utf-8', raw);
      if (parts.length === 3 && parts[2] === 'html') {
        // Shown in a sandboxed iframe; the CSP sandbox also covers opening this URL directly.
        res.setHeader(
          'Content-Security-Policy',
          "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; font-src data:",
        );
        const body = message.html ?? `<pre>${escapeHtml(message.text ?? '')}</pre>`;
        // Links open in a new tab: the sandboxed frame must not navigate itself away.
        return send(res, 200, HTML, `<base target="_blank">${body}`);
      }
      if (parts.length === 4 && parts[2] === 'attachments') {
        const attachment = message.attachments[Number(parts[3])];
        if (!/^\d+$/.test(parts[3]) || !attachment)
          return send(res, 404, 'text/plain; charset=utf-8', 'No such attachment');
        res.setHeader(
          'Content-Disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename ?? `attachment-${parts[3]}`)}`,
        );
        return send(res, 200, attachment.contentType || 'application/octet-stream', attachment.content);
      }
      return send(res, 404, HTML, notFoundPage(url.pathname));
    }
    if (parts[0] === 'api' && parts[1] === 'messages') {
      if (parts.length === 2 && method === 'GET') {
        const to = url.searchParams.get('to')?.trim().toLowerCase();
        const list = newestFirst().filter((m) => !to || recipientsOf(m).includes(to));
        return sendJson(res, 200, list.map(toJson));
      }
      if (parts.length === 2 && method === 'DELETE') {
        clear();
        res.writeHead(204).end();
        return;
      }
      if (parts.length === 3) {
        const found = ID_PATTERN.test(parts[2]) ? find(parts[2]) : undefined;
        if (!found) return sendJson(res, 404, { error: `No message with id ${parts[2]}` });
        if (method === 'GET') return sendJson(res, 200, toJson(found.message));
        if (method === 'DELETE') {
          store.splice(store.indexOf(found), 1);
          if (storeDir) {
            for (const ext of ['eml', 'json'])
              fs.rmSync(path.join(storeDir, `${found.message.id}.${ext}`), { force: true });
          }
          res.writeHead(204).end();
          return;
        }
      }
      return sendJson(res, 405, { error: `${method} ${url.pathname} is not supported` });
    }
    return send(res, 404, HTML, notFoundPage(url.pathname));
  };

  try {
    await listen(httpServer, httpPort);
  } catch (err) {
    await closeSmtp(smtp);
    throw fail(`web inbox cannot listen on ${LOOPBACK}:${httpPort}: ${(err as Error).message}`);
  }

  let stopped = false;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopped = true;
      events.emit('stopped');
      httpServer.closeAllConnections();
      await Promise.all([closeSmtp(smtp), new Promise<void>((resolve) => httpServer.close(() => resolve()))]);
    })());

  const waitFor = (predicate: (message: CaughtMessage) => boolean, timeoutMs = 10_000) =>
    new Promise<CaughtMessage>((resolve, reject) => {
      const existing = store.find((s) => predicate(s.message));
      if (existing) return resolve(existing.message);
      if (stopped) return reject(new Error('Mail catcher is stopped'));
      const cleanup = () => {
        clearTimeout(timer);
        events.off('message', onMessage);
        events.off('stopped', onStopped);
      };
      const onMessage = (message: CaughtMessage) => {
        try {
          if (!predicate(message)) return;
        } catch (err) {
          cleanup();
          reject(err as Error);
          return;
        }
        cleanup();
        resolve(message);
      };
      const onStopped = () => {
        cleanup();
        reject(new Error('Mail catcher stopped while waiting for a message'));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`No matching message arrived within ${timeoutMs} ms. ${describeArrivals(store)}`));
      }, timeoutMs);
      events.on('message', onMessage);
      events.on('stopped', onStopped);
    });

  const smtpUrl = `smtp://${LOOPBACK}:${smtpPort}`;
  const inboxUrl = `http://${LOOPBACK}:${httpPort}`;
  log(`Mail catcher: SMTP ${smtpUrl}, inbox ${inboxUrl}${storeDir ? ` (messages kept in ${storeDir})` : ''}`);
  return {
    smtpUrl,
    smtpPort,
    inboxUrl,
    httpPort,
    messages: () => store.map((s) => s.message),
    raw: (id) => find(id)?.raw,
    waitFor,
    clear,
    stop,
  };
}

const HTML = 'text/html; charset=utf-8';

function send(res: http.ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function toJson(message: CaughtMessage): CaughtMessageJson {
  const base = `/messages/${message.id}`;
  return {
    ...message,
    fromAddress: message.fromAddress ?? null,
    envelope: { from: message.envelope.from ?? null, to: message.envelope.to },
    messageId: message.messageId ?? null,
    inReplyTo: message.inReplyTo ?? null,
    text: message.text ?? null,
    html: message.html ?? null,
    attachments: message.attachments.map(({ content: _content, ...meta }, i) => ({
      ...meta,
      filename: meta.filename ?? null,
      contentId: meta.contentId ?? null,
      url: `${base}/attachments/${i}`,
    })),
    links: { page: base, html: `${base}/html`, raw: `${base}/raw` },
  };
}

/** Every address the message went to, lowercased: envelope recipients (incl. Bcc) and the To/Cc headers. */
export function recipientsOf(message: CaughtMessage): string[] {
  return [...new Set([...message.envelope.to, ...message.to, ...message.cc].map((a) => a.toLowerCase()))];
}

function describeArrivals(store: Stored[]): string {
  if (store.length === 0) return 'No message arrived at all.';
  const lines = store.map(
    ({ message: m }) =>
      `  - ${m.receivedAt} from ${m.from || '(no From)'} to ${recipientsOf(m).join(', ')}: "${m.subject}"`,
  );
  return `${store.length} message(s) arrived, none matching:\n${lines.join('\n')}`;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const out: string[] = [];
  const visit = (list: AddressObject['value']) => {
    for (const a of list) {
      if (a.address) out.push(a.address);
      if (a.group) visit(a.group);
    }
  };
  for (const o of objects) visit(o.value);
  return out;
}

async function toCaughtMessage(
  id: string,
  raw: Buffer,
  envelope: CaughtMessage['envelope'],
  receivedAt: string,
): Promise<CaughtMessage> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { keepCidLinks: false });
  } catch {
    // Keep what cannot be parsed: the raw message is still there to look at.
    return {
      id,
      receivedAt,
      envelope,
      from: envelope.from ?? '',
      fromAddress: envelope.from,
      to: [],
      cc: [],
      replyTo: [],
      subject: '(message could not be parsed)',
      date: receivedAt,
      messageId: undefined,
      inReplyTo: undefined,
      references: [],
      headers: {},
      text: raw.toString('utf8'),
      html: undefined,
      attachments: [],
    };
  }
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
  }
  const references = parsed.references === undefined ? [] : [parsed.references].flat();
  const sender = parsed.from?.value.find((a) => a.address);
  return {
    id,
    receivedAt,
    envelope,
    from: sender
      ? sender.name
        ? `${sender.name} <${sender.address}>`
        : (sender.address ?? '')
      : (parsed.from?.text ?? ''),
    fromAddress: sender?.address,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    subject: parsed.subject ?? '',
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : receivedAt,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references,
    headers,
    text: parsed.text,
    html: parsed.html === false ? undefined : parsed.html,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      contentId: a.cid,
      checksum: a.checksum,
      content: a.content,
    })),
  };
}

async function loadStore(storeDir: string, log: Log): Promise<Stored[]> {
  const loaded: Stored[] = [];
  for (const file of fs.readdirSync(storeDir).filter((f) => f.endsWith('.eml'))) {
    const id = file.slice(0, -'.eml'.length);
    if (!ID_PATTERN.test(id)) continue;
    try {
      const raw = fs.readFileSync(path.join(storeDir, file));
      const sidecar = path.join(storeDir, `${id}.json`);
      const meta = fs.existsSync(sidecar)
        ? (JSON.parse(fs.readFileSync(sidecar, 'utf8')) as {
            envelope: CaughtMessage['envelope'];
            receivedAt: string;
          })
        : {
            envelope: { from: undefined, to: [] },
            receivedAt: fs.statSync(path.join(storeDir, file)).mtime.toISOString(),
          };
      loaded.push({ message: await toCaughtMessage(id, raw, meta.envelope, meta.receivedAt), raw });
    } catch (err) {
      log(`Mail catcher: skipping ${file}: ${(err as Error).message}`);
    }
  }
  return loaded.sort(
    (a, b) =>
      a.message.receivedAt.localeCompare(b.message.receivedAt) || a.message.id.localeCompare(b.message.id),
  );
}

function listen(server: Server, port: number): Promise<AddressInfo> {
  return new Promise<AddressInfo>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, LOOPBACK, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeSmtp(smtp: SMTPServer): Promise<void> {
  return new Promise<void>((resolve) => smtp.close(() => resolve()));
}
