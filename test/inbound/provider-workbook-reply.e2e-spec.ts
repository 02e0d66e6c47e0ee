// A provider answers the annual return request with the workbook its email carries, over real SMTP both
// ways: the request email attaches the workbook, the provider fills it in (exceljs here) and replies with it
// attached to Waymark's SMTP listener; the filled rows (and any figure lines in the text, the workbook
// winning) go into the return with source `providers` and channel `workbook`, or nothing is recorded and
// the answer names the row and column.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { SmtpListener } from '@waymark/inbound-mail';
import { PROVIDER_WORKBOOK_SHEET, XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { eventually } from '../support/eventually';
import { waymarkSuite } from '../support/suite';
import { inboundEnv, sendToListener } from './inbound-support';

type Figure = { questionKey: string; cellKey: string; value: unknown; source: string };

describe("answering the annual return with the provider's workbook", () => {
  const suite = waymarkSuite(inboundEnv);
  const http = () => suite.http();

  it('records the filled rows with channel workbook, refusing a bad figure by row and column and a changed key', async () => {
    const { waymark, fixture, catcher } = suite;
    const partnershipId = fixture.partnership.id;
    const suffix = randomUUID().slice(0, 8);
    const provider = await waymark.prisma.organisation.create({
      data: { partnershipId, name: 'Haven Housing', kind: 'CHARITY' },
    });
    const contact = await waymark.prisma.contact.create({
      data: {
        partnershipId,
        organisationId: provider.id,
        name: 'Jo Example',
        email: `jo.example+${suffix}@haven-housing.example.org`,
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
    const respondBy = new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString();
    await http().post(`/api/returns/${opened.id}/collection`).send({ respondBy }).expect(201);

    // The request email carries the workbook, and says it can be sent back.
    const asked = await catcher.waitFor((m) => m.to.includes(contact.email), 60_000);
    expect(asked.text).toContain('fill in the workbook attached to this email');
    const attached = asked.attachments.find((a) => a.filename === 'Figures_2025-26_Jo_Example.xlsx');
    expect(attached).toMatchObject({ contentType: XLSX_CONTENT_TYPE });

    /** The workbook as sent, with Answer cells filled by reference (and the key column overwritten). */
    const filled = async (answers: Record<string, string | number>, key?: string) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(attached!.content as unknown as ExcelJS.Buffer);
      const sheet = workbook.getWorksheet(PROVIDER_WORKBOOK_SHEET)!;
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        if (key) row.getCell(1).value = key;
        const given = answers[String(row.getCell(2).value)];
        if (given !== undefined) row.getCell(6).value = given;
      });
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const rowOf = async (reference: string) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(attached!.content as unknown as ExcelJS.Buffer);
      let found = 0;
      workbook.getWorksheet(PROVIDER_WORKBOOK_SHEET)!.eachRow((row, n) => {
        if (row.getCell(2).value === reference) found = n;
      });
      return found;
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

    // 1. A figure that is not a whole number: nothing recorded, the answer names the row and the column.
    await reply(await filled({ 'Q01_BEDSPACES[refuge]': 14, Q04_INDIVIDUALS_TOTAL: 'lots' }));
    const refused = await catcher.waitFor(answers('Not recorded'), 30_000);
    const row = await rowOf('Q04_INDIVIDUALS_TOTAL');
    expect(refused.text).toContain(
      `Figures_2025-26.xlsx, row ${row} (Q04_INDIVIDUALS_TOTAL), Answer: Enter a whole number`,
    );
    expect(await submissions()).toBe(0);

    // 2. A workbook whose key was changed: not this request's, nothing recorded.
    catcher.clear();
    await reply(await filled({ 'Q01_BEDSPACES[refuge]': 14 }, 'forged-key-00000'));
    const forged = await catcher.waitFor(answers('Not recorded'), 30_000);
    expect(forged.text).toContain('this workbook is not the one sent with this request');
    expect(await submissions()).toBe(0);

    // 3. Filled rows, "not collected" as such, blanks left out; a text line read too, the workbook winning.
    await reply(
      await filled({ 'Q01_BEDSPACES[refuge]': 14, Q05_UNABLE_INSTANCES: 'not collected' }),
      'Figures attached.\n\nQ01_BEDSPACES[refuge]: 99\nQ04_INDIVIDUALS_TOTAL: 1,204\n\nThanks,\nJo',
    );
    await catcher.waitFor(answers('Recorded'), 30_000);
    const figure = (figures: Figure[], questionKey: string, cellKey = '') =>
      figures.find((f) => f.questionKey === questionKey && f.cellKey === cellKey);
    const draft = (await http().get(`/api/returns/${opened.id}`).expect(200)).body;
    expect(figure(draft.figures, 'Q01_BEDSPACES', 'refuge')).toMatchObject({
      value: 14,
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
    expect(
      await waymark.prisma.providerSubmission.findFirstOrThrow({ where: { request: { partnershipId } } }),
    ).toMatchObject({ revision: 1, channel: 'workbook', sent: true });
    await eventually(async () => {
      const collection = (await http().get(`/api/returns/${opened.id}/collection`).expect(200)).body;
      expect(collection.requests[0]).toMatchObject({ state: 'ANSWERED', latest: { channel: 'workbook' } });
    });
  });
});
