// The IMAP way in: Waymark polls a real IMAP server (hoodiecrow-imap, an in-memory IMAP4rev1 server
// speaking the protocol over TCP) with imapflow, records the reply, and flags it \Seen.
import { AddressInfo } from 'node:net';
import hoodiecrow from 'hoodiecrow-imap';
import { ImapFlow } from 'imapflow';
import { eventually } from '../support/eventually';
import { waymarkSuite } from '../support/suite';
import { createAction } from '../chasing/chasing-fixtures';
import { inboundEnv, mimeOf } from './inbound-support';

const imap = hoodiecrow({
  plugins: ['ID', 'UNSELECT', 'ENABLE', 'LITERALPLUS', 'SPECIAL-USE', 'IDLE'],
  storage: { INBOX: { messages: [] } },
  users: { replies: { password: 'imap-test-password' } },
});
let imapPort = 0;

beforeAll(
  () =>
    new Promise<void>((resolve) =>
      imap.listen(0, '127.0.0.1', () => {
        imapPort = (imap.server.address() as AddressInfo).port;
        resolve();
      }),
    ),
);
afterAll(() => new Promise<void>((resolve) => imap.close(() => resolve())));

describe('replies fetched from an IMAP mailbox', () => {
  const suite = waymarkSuite(async () => ({
    ...(await inboundEnv()),
    IMAP_URL: `imap://replies:imap-test-password@127.0.0.1:${imapPort}/INBOX`,
    IMAP_POLL_SECONDS: '5',
  }));

  it('records a reply found in the mailbox, marks it read and confirms it', async () => {
    const { fixture: f, waymark } = suite;
    const id = await createAction(suite.http(), f, f.lead.id, 'IM1');
    const asked = await suite.catcher.waitFor((m) => m.to.includes(f.lead.email), 30_000);
    const messageId = `<imap-${Date.now()}@police.example.org>`;
    const raw = await mimeOf({
      from: f.lead.email,
      to: asked.replyTo[0],
      subject: `Re: ${asked.subject}`,
      messageId,
      text: 'Status: complete\nProgress: 100%\nThe last session ran on Friday.\n\nSent from my iPhone',
    });

    // The mail server delivers the reply into the mailbox.
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: imapPort,
      secure: false,
      auth: { user: 'replies', pass: 'imap-test-password' },
      logger: false,
    });
    await client.connect();
    try {
      await client.append('INBOX', raw);
      const update = await eventually(
        () => waymark.prisma.update.findFirstOrThrow({ where: { actionId: id } }),
        30_000,
      );
      expect(update).toMatchObject({
        channel: 'EMAIL_REPLY',
        status: 'COMPLETE',
        percentComplete: 100,
        commentary: 'The last session ran on Friday.',
      });
      expect(await waymark.prisma.inboundMessage.findUniqueOrThrow({ where: { messageId } })).toMatchObject({
        receivedVia: 'imap',
        outcome: 'RECORDED',
      });
      await eventually(async () => {
        const lock = await client.getMailboxLock('INBOX');
        try {
          expect(await client.search({ seen: false }, { uid: true })).toEqual([]);
        } finally {
          lock.release();
        }
      });
      await suite.catcher.waitFor((m) => m.to.includes(f.lead.email) && m.subject.startsWith('Recorded'));
    } finally {
      await client.logout();
    }
  });
});
