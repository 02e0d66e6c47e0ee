import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type TestAgent from 'supertest/lib/agent';
import { freePort } from '@waymark/devstack';
import type { WaymarkSuite } from '../support/suite';
import { createAction } from '../chasing/chasing-fixtures';

export const REPLY_MAILBOX = 'updates@replies.test.example.org';
export const WEBHOOK_SECRET = randomBytes(24).toString('hex');
/** The council's MX, as the suites configure it: Waymark trusts its Authentication-Results. */
export const MX = 'mx.replies.test.example.org';

/**
 * Configuration for a suite that receives replies: its own SMTP listener port, the webhook secret, and the
 * council's MX whose sender checks Waymark trusts.
 */
export async function inboundEnv(): Promise<Record<string, string>> {
  return {
    REPLY_MAILBOX,
    INBOUND_SMTP_PORT: String(await freePort()),
    INBOUND_WEBHOOK_SECRET: WEBHOOK_SECRET,
    INBOUND_AUTHSERV_ID: MX,
  };
}

/** The Authentication-Results the council's MX adds: SPF, and DMARC `dmarc` (passed) for the sender's domain. */
export function mxResults(from: string, dmarc = 'pass'): string {
  const domain = (/<([^>]+)>/.exec(from)?.[1] ?? from).split('@')[1]?.toLowerCase();
  return `${MX}; spf=pass smtp.mailfrom=${domain}; dmarc=${dmarc} header.from=${domain}`;
}

/**
 * The message as the council's MX passes it on: its Authentication-Results on top, DMARC passed for the
 * From domain, unless the message sets that header itself.
 */
export function throughMx(message: nodemailer.SendMailOptions): nodemailer.SendMailOptions {
  const headers = (message.headers ?? {}) as Record<string, string>;
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authentication-results')) return message;
  const from =
    typeof message.from === 'string' ? message.from : String((message.from as { address?: string })?.address);
  return { ...message, headers: { 'Authentication-Results': mxResults(from), ...headers } };
}

/** A lead's mail client: sends to Waymark's own SMTP listener, through the reply mailbox's MX. */
export async function sendToListener(port: number, message: nodemailer.SendMailOptions) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(throughMx(message));
  } finally {
    transport.close();
  }
}

/** Raw MIME as a mail provider's webhook would post it, through the reply mailbox's MX. */
export function mimeOf(message: nodemailer.SendMailOptions): Promise<Buffer> {
  return rawMime(throughMx(message));
}

/** Raw MIME as the sender wrote it: no MX has checked it. */
export async function rawMime(message: nodemailer.SendMailOptions): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await transport.sendMail(message);
  return info.message as Buffer;
}

/** A tiny real PDF: the evidence store sniffs the type from the bytes. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<</Type/Catalog>>\nendobj\ntrailer\n<</Root 1 0 R>>\n%%EOF\n',
);

/** Posts raw MIME to the webhook with the suite's secret, as a mail provider would. */
export function postMime(http: TestAgent, raw: Buffer | string) {
  return http
    .post('/api/inbound/mime')
    .set('x-waymark-inbound-secret', WEBHOOK_SECRET)
    .set('content-type', 'message/rfc822')
    .send(Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'latin1'));
}

/** A new lead (at an organisation's own domain) given actions, and the request email that asks them. */
export async function askNewLead(suite: WaymarkSuite, name: string, email: string, refs: string[]) {
  const { fixture: f, waymark } = suite;
  const lead = await waymark.prisma.contact.create({
    data: { partnershipId: f.partnership.id, name, email },
  });
  const ids: string[] = [];
  for (const ref of refs) ids.push(await createAction(suite.http(), f, lead.id, ref));
  const asked = await suite.catcher.waitFor((m) => m.to.includes(email), 30_000);
  const workbook = asked.attachments.find((a) => a.filename?.endsWith('.xlsx'));
  return { lead, ids, asked, workbook };
}
