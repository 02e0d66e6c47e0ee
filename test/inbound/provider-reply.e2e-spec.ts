// A provider answers the annual return request by replying to its email, on real components: the return's
// workflow sends the request (SMTP), the reply comes in through Waymark's own SMTP listener, the figures go
// into the return with source `providers` and the workflow is told; a reply naming a figure not asked, or
// from a stranger, records nothing and is answered with why; answers a mail outage left unsent go out with
// the next housekeeping run. The workbook the request email carries, filled in and attached to a reply, is read
// the same way: its figures recorded with channel `workbook`, or the answer names the row and column.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Contact } from '@waymark/db';
import { CaughtMessage, startMailCatcher } from '@waymark/devstack';
import { SmtpListener } from '@waymark/inbound-mail';
import { PROVIDER_WORKBOOK_SHEET, XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { eventually } from '../support/eventually';
import { runHousekeeping } from '../support/housekeeping';
import { waymarkSuite } from '../support/suite';
import { REPLY_MAILBOX, inboundEnv, mimeOf, postMime, sendToListener } from './inbound-support';

type Figure = { questionKey: string; cellKey: string; value: unknown; source: string; revision: number };

const figure = (figures: Figure[], questionKey: string, cellKey = '') =>
  figures.find((f) => f.questionKey === questionKey && f.cellKey === cellKey);

describe('replying to an annual return request by email', () => {
  const suite = waymarkSuite(inboundEnv);
  const http = () => suite.http();
  // The provider's data contact and the request email they were sent (by the first test).
  let contact: Contact;
  let asked: CaughtMessage;
  let returnId: string;

  it('records the figures a provider replies with, refuses a figure not asked and a stranger', async () => {
    const { waymark, fixture, catcher } = suite;
    const partnershipId = fixture.partnership.id;
    const suffix = randomUUID().slice(0, 8);
    const provider = await waymark.prisma.organisation.create({
      data: { partnershipId, name: 'Haven Housing', kind: 'CHARITY' },
    });
    contact = await waymark.prisma.contact.create({
      data: {
        partnershipId,
        organisationId: provider.id,
        name: 'Alex Example',
        email: `alex.example+${suffix}@haven-housing.example.org`,
      },
    });
    await http()
      .post('/api/safe-accommodation-services')
      .send({
        name: 'Oak House',
        providerOrganisationId: provider.id,
        accommodationType: 'REFUGE',
        dataContactId: contact.id,
        capacities: [{ unit: 'BEDSPACES', count: 12, effectiveFrom: '2024-04-01' }],
      })
      .expect(201);
    const opened = (await http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
    returnId = opened.id;
    const respondBy = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString();
    await http().post(`/api/returns/${opened.id}/collection`).send({ respondBy }).expect(201);

    // The one request email, with its own reply address, says how to reply.
    asked = await catcher.waitFor((m) => m.to.includes(contact.email), 60_000);
    expect(asked.replyTo[0]).toMatch(/^updates\+[0-9a-f]{32}@replies\.test\.example\.org$/);
    const askedText = asked.text ?? '';
    expect(askedText).toContain('Q01_BEDSPACES[refuge]:   (Refuge accommodation)\n');
    const port = waymark.api.get(SmtpListener).port;
    const quoted = `\n\nOn 1 May 2026, at 09:00, Waymark <waymark@test.example.org> wrote:\n> ${askedText.split('\n').slice(0, 3).join('\n> ')}`;
    let n = 0;
    const reply = (from: string, text: string, headers: { to?: string; inReplyTo?: string } = {}) =>
      sendToListener(port, {
        from,
        to: headers.to ?? asked.replyTo[0],
        subject: `Re: ${asked.subject}`,
        messageId: `<provider-${(n += 1)}-${suffix}@haven-housing.example.org>`,
        ...(headers.inReplyTo ? { inReplyTo: headers.inReplyTo, references: [headers.inReplyTo] } : {}),
        text: `${text}${quoted}`,
      });
    const answersFor = (subject: string) => (m: { to: string[]; subject: string }) =>
      m.to.includes(contact.email) && m.subject.startsWith(subject);
    const submissions = () =>
      waymark.prisma.providerSubmission.count({ where: { request: { partnershipId } } });

    // 1. A figure not asked: refused, every problem named.
    await reply(
      contact.email,
      'Q01_BEDSPACES[refuge]: 12\nQ01_BEDSPACES[dispersed]: 4\nQ04_INDIVIDUALS_TOTAL: lots',
      { inReplyTo: asked.messageId },
    );
    const refused = await catcher.waitFor(answersFor('Not recorded'), 30_000);
    expect(refused.text).toContain(
      'We did not ask you for "Q01_BEDSPACES[dispersed]": for Q01_BEDSPACES write "Q01_BEDSPACES[refuge]".',
    );
    expect(refused.text).toContain('Q04_INDIVIDUALS_TOTAL: "lots" cannot be read: write a whole number');
    expect(refused.text).toContain('    Q01_BEDSPACES[refuge]: 12\n    Q01_BEDSPACES_TOTAL: not collected');
    expect(await submissions()).toBe(0);
    expect(
      await waymark.prisma.inboundMessage.findFirstOrThrow({ where: { fromAddress: contact.email } }),
    ).toMatchObject({ outcome: 'NOT_UNDERSTOOD', matchedBy: 'reply-address', partnershipId });

    // 2. A stranger replying to the request's address: refused, and never answered (no backscatter).
    await reply('someone@elsewhere.example.net', 'Q01_BEDSPACES[refuge]: 99');
    await eventually(async () =>
      expect(
        await waymark.prisma.inboundMessage.findFirst({
          where: { fromAddress: 'someone@elsewhere.example.net' },
        }),
      ).toMatchObject({ outcome: 'UNKNOWN' }),
    );
    expect(
      await waymark.prisma.outboundEmail.count({ where: { toAddress: 'someone@elsewhere.example.net' } }),
    ).toBe(0);
    expect(await submissions()).toBe(0);

    // 3. Two figures and one "not collected", under a greeting and above a signature: recorded and sent.
    await reply(
      contact.email,
      'Hi,\n\nq01_bedspaces[Refuge]: 12\nQ04_INDIVIDUALS_TOTAL: 1,204\nQ05_UNABLE_INSTANCES: not collected\n\nThanks,\nAlex\nTel: 01632 960000',
    );
    const recorded = await catcher.waitFor(answersFor('Recorded'), 30_000);
    expect(recorded.subject).toBe('Recorded: Figures for the 2025-26 safe accommodation return');
    // Each figure with its reference and label, in the email's order; "not collected" spelled out.
    expect(recorded.text).toMatch(
      new RegExp(
        [
          /- Q01_BEDSPACES\[refuge\] \(Commissioned bedspaces .*: Refuge accommodation\): 12/,
          /- Q04_INDIVIDUALS_TOTAL \(Individuals supported in safe accommodation .*\): 1,204/,
          /- Q05_UNABLE_INSTANCES \(Instances a household was unable to be supported\): not collected/,
        ]
          .map((line) => line.source)
          .join('\n'),
      ),
    );

    const draft = (await http().get(`/api/returns/${opened.id}`).expect(200)).body;
    expect(figure(draft.figures, 'Q01_BEDSPACES', 'refuge')).toMatchObject({
      value: 12,
      source: 'providers',
    });
    expect(figure(draft.figures, 'Q04_INDIVIDUALS_TOTAL')).toMatchObject({
      value: 1204,
      source: 'providers',
    });
    expect(figure(draft.figures, 'Q05_UNABLE_INSTANCES')).toMatchObject({
      value: { notCollected: true },
      source: 'providers',
    });
    const inbound = await waymark.prisma.inboundMessage.findFirstOrThrow({
      where: { fromAddress: contact.email, outcome: 'RECORDED' },
    });
    expect(inbound).toMatchObject({
      matchedBy: 'reply-address',
      providerReturnRequestId: expect.any(String),
    });
    await eventually(async () => {
      const collection = (await http().get(`/api/returns/${opened.id}/collection`).expect(200)).body;
      expect(collection.requests[0]).toMatchObject({
        state: 'ANSWERED',
        latest: { channel: 'email', sent: true },
      });
      expect(collection.workflow.providers[0]).toMatchObject({ answered: true });
    });

    // 4. A later reply with one figure found its request only by the form's link quoted in it (sent to the
    // bare mailbox): kept for the coordinator, nothing changed. Sent again to the reply address, it changes
    // that figure only.
    const link = /\S+\/p\/[A-Za-z0-9_-]{43}/.exec(askedText)![0];
    const late = (to: string, tag: string) =>
      sendToListener(port, {
        from: contact.email,
        to,
        subject: 'Return figures',
        messageId: `<provider-late-${tag}-${suffix}@haven-housing.example.org>`,
        text: `Q04_INDIVIDUALS_TOTAL: 1,210\n\n> Use the form: ${link}`,
      });
    await late(REPLY_MAILBOX, 'link');
    expect(
      await waymark.prisma.inboundMessage.findFirstOrThrow({ where: { subject: 'Return figures' } }),
    ).toMatchObject({ outcome: 'NOT_UNDERSTOOD', matchedBy: 'token', partnershipId });
    expect(await submissions()).toBe(1);
    await late(asked.replyTo[0], 'direct');
    await eventually(async () => {
      const revised = (await http().get(`/api/returns/${opened.id}`).expect(200)).body;
      expect(figure(revised.figures, 'Q04_INDIVIDUALS_TOTAL')).toMatchObject({ value: 1210, revision: 2 });
      expect(figure(revised.figures, 'Q01_BEDSPACES', 'refuge')).toMatchObject({ value: 12, revision: 1 });
      expect(figure(revised.figures, 'Q05_UNABLE_INSTANCES')).toMatchObject({
        value: { notCollected: true },
      });
    });
    const latest = await waymark.prisma.providerSubmission.findFirstOrThrow({
      where: { request: { partnershipId } },
      orderBy: { revision: 'desc' },
    });
    expect(latest).toMatchObject({ revision: 2, channel: 'email', sent: true });
    expect(
      await waymark.prisma.inboundMessage.findFirstOrThrow({
        where: { subject: 'Return figures', outcome: 'RECORDED' },
      }),
    ).toMatchObject({ matchedBy: 'reply-address' });
  });

  it('records the figures of the workbook the request carries, refusing a bad one by row and column and a changed key', async () => {
    const { waymark, fixture, catcher } = suite;
    const partnershipId = fixture.partnership.id;
    const suffix = randomUUID().slice(0, 8);

    // The request email carries the workbook, and says it can be sent back.
    const asked = await catcher.waitFor((m) => m.to.includes(contact.email), 60_000);
    expect(asked.text).toContain('fill in the workbook attached to this email');
    const attached = asked.attachments.find((a) => a.filename === 'Figures_2025-26_Alex_Example.xlsx');
    expect(attached).toMatchObject({ contentType: XLSX_CONTENT_TYPE });

    const sent = async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(attached!.content as unknown as ExcelJS.Buffer);
      return { workbook, sheet: workbook.getWorksheet(PROVIDER_WORKBOOK_SHEET)! };
    };
    /** The workbook as sent, with Answer cells filled by reference (and its key overwritten). */
    const filled = async (answers: Record<string, string | number>, key?: string) => {
      const { workbook, sheet } = await sent();
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        if (key) row.getCell(1).value = key;
        const given = answers[String(row.getCell(2).value)];
        if (given !== undefined) row.getCell(6).value = given;
      });
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const port = waymark.api.get(SmtpListener).port;
    let n = 0;
    const reply = async (content: Buffer, text = 'Please find our figures attached.\n\nThanks,\nJo') =>
      sendToListener(port, {
        from: contact.email,
        to: asked.replyTo[0],
        subject: `RE: ${asked.subject}`,
        messageId: `<provider-wb-${(n += 1)}-${suffix}@haven-housing.example.org>`,
        text,
        attachments: [{ filename: 'Figures_2025-26.xlsx', content, contentType: XLSX_CONTENT_TYPE }],
      });
    const answers = (subject: string) => (m: { to: string[]; subject: string }) =>
      m.to.includes(contact.email) && m.subject.startsWith(subject);
    const submissions = () =>
      waymark.prisma.providerSubmission.count({ where: { request: { partnershipId } } });
    const before = await submissions();

    // 1. A figure that is not a whole number: nothing recorded, the answer names the row and the column.
    catcher.clear();
    await reply(await filled({ 'Q01_BEDSPACES[refuge]': 14, Q04_INDIVIDUALS_TOTAL: 'lots' }));
    const refused = await catcher.waitFor(answers('Not recorded'), 30_000);
    let row = 0;
    (await sent()).sheet.eachRow((r, n) => (row = r.getCell(2).value === 'Q04_INDIVIDUALS_TOTAL' ? n : row));
    expect(refused.text).toContain(
      `Figures_2025-26.xlsx, row ${row} (Q04_INDIVIDUALS_TOTAL), Answer: Enter a whole number`,
    );
    expect(await submissions()).toBe(before);

    // 2. A workbook whose key was changed: not this request's, nothing recorded.
    catcher.clear();
    await reply(await filled({ 'Q01_BEDSPACES[refuge]': 14 }, 'forged-key-00000'));
    const forged = await catcher.waitFor(answers('Not recorded'), 30_000);
    expect(forged.text).toContain('this workbook is not the one sent with this request');
    expect(await submissions()).toBe(before);

    // 3. Filled rows, "not collected" as such, blanks left out; a text line read too, the workbook winning.
    catcher.clear();
    await reply(
      await filled({ 'Q01_BEDSPACES[refuge]': 14, Q04_HOUSEHOLDS_SUPPORTED: 'not collected' }),
      'Figures attached.\n\nQ01_BEDSPACES[refuge]: 99\nQ04_INDIVIDUALS_TOTAL: 1,204\n\nThanks,\nJo',
    );
    await catcher.waitFor(answers('Recorded'), 30_000);
    const { figures } = (await http().get(`/api/returns/${returnId}`).expect(200)).body;
    const given = [
      ['Q01_BEDSPACES', 'refuge'],
      ['Q04_INDIVIDUALS_TOTAL', ''],
      ['Q04_HOUSEHOLDS_SUPPORTED', ''],
    ].map(([questionKey, cellKey]) => figure(figures, questionKey, cellKey));
    expect(given).toEqual([
      expect.objectContaining({ value: 14, source: 'providers' }),
      expect.objectContaining({ value: 1204, source: 'providers' }),
      expect.objectContaining({ value: { notCollected: true }, source: 'providers' }),
    ]);
    expect(
      await waymark.prisma.providerSubmission.findFirstOrThrow({
        where: { request: { partnershipId } },
        orderBy: { revision: 'desc' },
      }),
    ).toMatchObject({ revision: before + 1, channel: 'workbook', sent: true });
    await eventually(async () => {
      const collection = (await http().get(`/api/returns/${returnId}/collection`).expect(200)).body;
      expect(collection.requests[0]).toMatchObject({ state: 'ANSWERED', latest: { channel: 'workbook' } });
    });
  });

  // Last: it replaces the suite's mail catcher (the earlier messages go with the old one).
  it('sends the answers a mail outage left unsent with the next housekeeping run', async () => {
    const { waymark } = suite;
    const reply = (tag: string, text: string) =>
      mimeOf({
        from: contact.email,
        to: asked.replyTo[0],
        subject: `RE: ${asked.subject}`,
        messageId: `<${tag}-${randomUUID()}@haven-housing.example.org>`,
        text,
      });
    const smtpPort = suite.catcher.smtpPort;
    await suite.catcher.stop();
    const recorded = await postMime(http(), await reply('ok', 'Q04_HOUSEHOLDS_SUPPORTED: 80')).expect(202);
    const unclear = await postMime(http(), await reply('unclear', 'Q04_HOUSEHOLDS: 80')).expect(202);
    expect([recorded.body.outcome, unclear.body.outcome]).toEqual(['RECORDED', 'NOT_UNDERSTOOD']);
    const ids = [recorded.body.inboundId, unclear.body.inboundId];

    suite.catcher = await startMailCatcher({ smtpPort, log: () => undefined });
    await waymark.prisma.inboundMessage.updateMany({
      where: { id: { in: ids } },
      data: { receivedAt: new Date(Date.now() - 2 * 60 * 1000) },
    });
    expect((await runHousekeeping(waymark)).answersSent).toEqual(expect.arrayContaining(ids));
    const answer = (subject: string) =>
      suite.catcher.messages().find((m) => m.to.includes(contact.email) && m.subject.startsWith(subject))!;
    expect(answer('Recorded').text).toMatch(/- Q04_HOUSEHOLDS_SUPPORTED \(Households supported .*\): 80\n/);
    const refusal = answer('Not recorded').text;
    expect(refusal).toContain('We did not ask you for "Q04_HOUSEHOLDS": use the references listed');
    expect(refusal).toContain('    Q01_BEDSPACES[refuge]: 12\n    Q01_BEDSPACES_TOTAL: not collected');
  });
});
