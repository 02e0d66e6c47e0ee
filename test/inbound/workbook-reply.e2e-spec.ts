// The lead's own workbook, over real SMTP both ways: the request email carries it, the lead fills it in
// with Excel (exceljs here) and replies with it attached to Waymark's SMTP listener; the filled rows are
// recorded (channel SPREADSHEET) and confirmed, or nothing is recorded and the answer names row and column.
import ExcelJS from 'exceljs';
import { SmtpListener } from '@waymark/inbound-mail';
import { LEAD_WORKBOOK_SHEET } from '@waymark/workbooks';
import { waymarkSuite } from '../support/suite';
import { askNewLead, inboundEnv, sendToListener } from './inbound-support';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbookOf(attachment: { content: Buffer }): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(attachment.content as unknown as ExcelJS.Buffer);
  return workbook;
}

describe('answering with the workbook attached to the request email', () => {
  const suite = waymarkSuite(inboundEnv);

  async function askedOf(name: string, email: string, refs: string[]) {
    const { lead, ids, asked, workbook } = await askNewLead(suite, name, email, refs);
    expect(workbook).toMatchObject({ contentType: XLSX });
    expect(asked.text).toContain('fill in the attached workbook');
    return { lead, ids, asked, workbook: await workbookOf(workbook!) };
  }

  const replyWith = (
    from: string,
    asked: { replyTo: string[]; subject: string; messageId?: string },
    content: Buffer,
    text = 'Please find my updates attached.\n\nKind regards,\nSam',
  ) => ({
    from,
    to: asked.replyTo[0],
    subject: `RE: ${asked.subject}`,
    messageId: `<wb-${Date.now()}-${Math.random()}@police.example.org>`,
    inReplyTo: asked.messageId,
    text,
    attachments: [{ filename: 'Updates.xlsx', content, contentType: XLSX }],
  });

  it('records the filled rows with channel SPREADSHEET, skips the untouched ones and confirms', async () => {
    const { waymark } = suite;
    const { lead, ids, asked, workbook } = await askedOf(
      'Sam Fictional',
      'sam.fictional@police.example.org',
      ['WB1', 'WB2'],
    );
    const sheet = workbook.getWorksheet(LEAD_WORKBOOK_SHEET)!;
    expect([sheet.getCell('B2').value, sheet.getCell('B3').value]).toEqual(['WB1', 'WB2']);
    expect(sheet.getCell('F2').dataValidation).toMatchObject({ type: 'list' });
    sheet.getCell('F2').value = 'At risk';
    sheet.getCell('G2').value = 30;
    sheet.getCell('H2').value = 'Venue found; training starts in January.';
    sheet.getCell('J2').value = new Date(Date.UTC(2027, 2, 31));
    sheet.getCell('K2').value = 'The trainer left';
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    // The text's line for WB1 loses to the workbook, which covers WB1.
    const reply = replyWith(lead.email, asked, filled, 'Action WB1\nStatus: complete\nDone.');
    await sendToListener(waymark.api.get(SmtpListener).port, reply);

    const updates = await waymark.prisma.update.findMany({ where: { actionId: { in: ids } } });
    expect(updates.map((u) => [u.actionId, u.channel, u.status, u.percentComplete, u.commentary])).toEqual([
      [ids[0], 'SPREADSHEET', 'AT_RISK', 30, 'Venue found; training starts in January.'],
    ]);
    expect(updates[0]).toMatchObject({
      proposedDueDate: new Date('2027-03-31T00:00:00Z'),
      proposedDueDateReason: 'The trainer left',
      approvalState: 'PENDING',
    });
    // The workbook is the answer, not evidence.
    expect(await waymark.prisma.evidence.count({ where: { updateId: updates[0].id } })).toBe(0);
    const inbound = await waymark.prisma.inboundMessage.findUniqueOrThrow({
      where: { messageId: reply.messageId },
    });
    expect(inbound).toMatchObject({
      outcome: 'RECORDED',
      fields: { WB1: { Status: 'At risk', Progress: '30%' } },
    });

    const confirmation = await suite.catcher.waitFor(
      (m) => m.to.includes(lead.email) && m.subject.startsWith('Recorded'),
      30_000,
    );
    expect(confirmation.inReplyTo).toBe(reply.messageId);
    expect(confirmation.text).toContain('From your workbook');
    expect(confirmation.text).toContain('Status: At risk');
    expect(confirmation.text).not.toContain('WB2');
  });

  it('records nothing from a workbook with an invalid row or a changed key, and names row and column', async () => {
    const { waymark } = suite;
    const { lead, ids, asked, workbook } = await askedOf(
      'Jo Fictional',
      'jo.fictional@probation.example.org',
      ['WX1', 'WX2'],
    );
    const sheet = workbook.getWorksheet(LEAD_WORKBOOK_SHEET)!;
    sheet.getCell('G2').value = 150; // and no commentary
    sheet.getCell('F3').value = 'Complete';
    sheet.getCell('H3').value = 'All done.';
    const invalid = Buffer.from(await workbook.xlsx.writeBuffer());
    const port = waymark.api.get(SmtpListener).port;
    await sendToListener(port, replyWith(lead.email, asked, invalid));
    const answer = await suite.catcher.waitFor(
      (m) => m.to.includes(lead.email) && m.subject.startsWith('Not recorded'),
      30_000,
    );
    expect(answer.text).toContain(
      'Updates.xlsx, row 2 (WX1), column G (Percent complete (0 to 100)): Percent complete must be a whole number from 0 to 100',
    );
    expect(answer.text).toContain('row 2 (WX1), column H (Commentary (what has happened this period))');
    expect(answer.text).toContain('Please correct your workbook and reply again with it attached.');
    // All or nothing: WX2's valid row is not recorded either.
    expect(await waymark.prisma.update.count({ where: { actionId: { in: ids } } })).toBe(0);

    // A key changed (or a row from another lead's workbook): refused, told, logged.
    sheet.getCell('G2').value = 20;
    sheet.getCell('H2').value = 'Started.';
    sheet.getCell('A3').value = 'AAAAAAAAAAAAAAAA';
    const tampered = replyWith(lead.email, asked, Buffer.from(await workbook.xlsx.writeBuffer()));
    await sendToListener(port, tampered);
    const second = await suite.catcher.waitFor(
      (m) =>
        m.to.includes(lead.email) &&
        m.subject.startsWith('Not recorded') &&
        m.inReplyTo === tampered.messageId,
      30_000,
    );
    expect(second.text).toContain('row 3: this row is not from the workbook sent with this request');
    expect(await waymark.prisma.update.count({ where: { actionId: { in: ids } } })).toBe(0);
    const logged = await waymark.prisma.inboundMessage.findUniqueOrThrow({
      where: { messageId: tampered.messageId },
    });
    expect(logged.outcome).toBe('NOT_UNDERSTOOD');
    expect(
      await waymark.prisma.auditEvent.count({
        where: { entityId: logged.id, event: 'inbound.not_understood' },
      }),
    ).toBe(1);
  });
});
