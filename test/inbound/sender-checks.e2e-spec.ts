// Waymark's own sender checks, with no MX in front: the SMTP listener offers STARTTLS, and a reply is
// recorded only when its From domain authenticated it (DKIM or SPF aligned, DMARC), checked by mailauth
// against a real DNS server on loopback holding the made-up domains' keys and policies.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { SmtpListener } from '@waymark/inbound-mail';
import { DnsServerHandle, startDnsServer } from '../support/dns-server';
import { waymarkSuite } from '../support/suite';
import { askNewLead, inboundEnv } from './inbound-support';

const TLS = join(__dirname, '..', 'fixtures', 'tls');
const CERT = join(TLS, 'server.crt');

function dkimKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}

describe("Waymark's own sender checks (DKIM, SPF, DMARC) and STARTTLS", () => {
  const signed = dkimKey();
  const stranger = dkimKey();
  let dns: DnsServerHandle;
  const suite = waymarkSuite(async () => {
    dns = await startDnsServer(
      new Map([
        ['sel._domainkey.signed.example.org', { TXT: [signed.record] }],
        ['_dmarc.signed.example.org', { TXT: ['v=DMARC1; p=reject'] }],
        // A domain with SPF and no DMARC policy: its own SPF pass is enough.
        ['spf.example.org', { TXT: ['v=spf1 ip4:127.0.0.1 -all'] }],
        ['sel._domainkey.elsewhere.example.net', { TXT: [stranger.record] }],
      ]),
    );
    return {
      ...(await inboundEnv()),
      INBOUND_AUTHSERV_ID: '',
      INBOUND_DNS_SERVERS: dns.address,
      INBOUND_SMTP_TLS_CERT: CERT,
      INBOUND_SMTP_TLS_KEY: join(TLS, 'server.key'),
    };
  });
  afterAll(() => dns?.stop());

  /** Sends over STARTTLS (required: the message is never sent in the clear), DKIM-signed when given a key. */
  async function send(
    message: nodemailer.SendMailOptions,
    dkim?: { domainName: string; privateKey: string },
  ) {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: suite.waymark.api.get(SmtpListener).port,
      secure: false,
      requireTLS: true,
      tls: { ca: readFileSync(join(TLS, 'ca.crt')), servername: 'localhost' },
      ...(dkim ? { dkim: { ...dkim, keySelector: 'sel' } } : {}),
    });
    try {
      return await transport.sendMail(message);
    } finally {
      transport.close();
    }
  }

  it('records a reply sent over STARTTLS whose DKIM signature its domain vouches for; a forged one is kept, unanswered', async () => {
    const { waymark } = suite;
    const { lead, ids, asked } = await askNewLead(
      suite,
      'Sol Fictional',
      'sol.fictional@signed.example.org',
      ['SG1'],
    );
    const reply = (tag: string) => ({
      from: lead.email,
      to: asked.replyTo[0],
      subject: 'Re: update',
      messageId: `<${tag}-${Date.now()}@signed.example.org>`,
      text: `Action SG1\nStatus: on track\nProgress: ${tag === 'signed' ? 50 : 90}%\nGoing well (${tag}).`,
    });
    const outcome = async (messageId: string) =>
      (await waymark.prisma.inboundMessage.findUniqueOrThrow({ where: { messageId } })).outcome;

    // Unsigned, from a client SPF knows nothing of, under a p=reject policy: DMARC fails.
    const unsigned = reply('unsigned');
    await send(unsigned);
    // Signed, but by another domain's key: DKIM passes, not aligned with the From domain.
    const otherKey = reply('other-key');
    await send(otherKey, { domainName: 'elsewhere.example.net', privateKey: stranger.privateKey });
    // Signed with the key the From domain publishes.
    const good = reply('signed');
    await send(good, { domainName: 'signed.example.org', privateKey: signed.privateKey });

    expect(await outcome(unsigned.messageId)).toBe('UNKNOWN');
    expect(await outcome(otherKey.messageId)).toBe('UNKNOWN');
    expect(await outcome(good.messageId)).toBe('RECORDED');
    const updates = await waymark.prisma.update.findMany({ where: { actionId: { in: ids } } });
    expect(updates.map((u) => u.percentComplete)).toEqual([50]);
    const refused = await waymark.prisma.inboundMessage.findUniqueOrThrow({
      where: { messageId: unsigned.messageId },
    });
    expect(refused.problems).toEqual([
      "The sender's domain (signed.example.org) did not authenticate this email (DMARC fail): nothing was recorded",
    ]);
    // Only the recorded reply was answered.
    const answered = await waymark.prisma.outboundEmail.findMany({
      where: { toAddress: lead.email, kind: 'inbound-answer' },
    });
    expect(answered.map((a) => a.subject)).toEqual([expect.stringMatching(/^Recorded/)]);
  });

  it('records a reply whose domain has no DMARC policy when SPF passes for it', async () => {
    const { waymark } = suite;
    const { lead, ids, asked } = await askNewLead(suite, 'Ira Fictional', 'ira.fictional@spf.example.org', [
      'SP1',
    ]);
    await send({
      from: lead.email,
      to: asked.replyTo[0],
      subject: 'Re: update',
      messageId: `<spf-${Date.now()}@spf.example.org>`,
      text: 'Action SP1\nStatus: complete\nDone.',
    });
    expect(await waymark.prisma.update.count({ where: { actionId: { in: ids } } })).toBe(1);
  });
});
