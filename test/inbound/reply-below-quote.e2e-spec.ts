// A lead who writes below the quoted request (Thunderbird's default; Outlook when they scroll down) over real
// SMTP: the answer is read from below the quote, recorded without the request's text or the signature, and
// the confirmation says where it was found. A second, different answer written the same way is a new answer,
// not a re-sent one.
import { SmtpListener } from '@waymark/inbound-mail';
import { waymarkSuite } from '../support/suite';
import { askNewLead, inboundEnv, sendToListener } from './inbound-support';

const quoted = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');

describe('replying below the quoted request', () => {
  const suite = waymarkSuite(inboundEnv);

  it('reads the answer below the quote, from Thunderbird and from Outlook, and says so', async () => {
    const { waymark } = suite;
    const prisma = waymark.prisma;
    const port = waymark.api.get(SmtpListener).port;

    // Thunderbird: "On … wrote:", the request quoted with ">", the answer and a "-- " signature below.
    const pat = await askNewLead(suite, 'Pat Fictional', 'pat@refugetrust.example.org', ['BQ1']);
    const thunderbird = {
      from: `Pat Fictional <${pat.lead.email}>`,
      to: pat.asked.replyTo[0],
      subject: `Re: ${pat.asked.subject}`,
      messageId: `<tb-${Date.now()}@refugetrust.example.org>`,
      inReplyTo: pat.asked.messageId,
      text: [
        `On 01/12/2026 09:00, ${pat.asked.from} wrote:`,
        quoted(pat.asked.text!),
        '',
        'Status: complete',
        'Progress: 100%',
        'Two more IDVAs started in November; the service is at full capacity.',
        '',
        '-- ',
        'Pat Fictional',
        'IDVA Service Manager, Example Refuge Trust',
      ].join('\n'),
    };
    await sendToListener(port, thunderbird);

    const confirmation = await suite.catcher.waitFor(
      (m) => m.to.includes(pat.lead.email) && m.subject.startsWith('Recorded'),
      30_000,
    );
    expect(confirmation.text).toContain(
      'We have recorded your email reply (read from below the quoted email):',
    );
    const update = await prisma.update.findFirstOrThrow({ where: { actionId: pat.ids[0] } });
    expect(update).toMatchObject({
      channel: 'EMAIL_REPLY',
      status: 'COMPLETE',
      percentComplete: 100,
      commentary: 'Two more IDVAs started in November; the service is at full capacity.',
    });
    const inbound = await prisma.inboundMessage.findUniqueOrThrow({
      where: { messageId: thunderbird.messageId },
    });
    expect(inbound).toMatchObject({
      outcome: 'RECORDED',
      receivedVia: 'smtp',
      recorded: { belowQuote: true },
    });

    // A corrected answer, written below the quote again: a new answer (its own text), recorded too.
    await sendToListener(port, {
      ...thunderbird,
      messageId: `<tb2-${Date.now()}@refugetrust.example.org>`,
      text: thunderbird.text.replace('the service is at full capacity', 'one post is still vacant'),
    });
    await suite.catcher.waitFor(
      (m) => m.to.includes(pat.lead.email) && m.subject.startsWith('Recorded') && m.id !== confirmation.id,
      30_000,
    );
    expect(
      (
        await prisma.update.findMany({ where: { actionId: pat.ids[0] }, orderBy: { submittedAt: 'asc' } })
      ).map((u) => u.commentary),
    ).toEqual([
      'Two more IDVAs started in November; the service is at full capacity.',
      'Two more IDVAs started in November; one post is still vacant.',
    ]);

    // Outlook: the request below its "From: … Sent: …" block, not ">"-quoted; the answer after its closing lines.
    const mo = await askNewLead(suite, 'Mo Fictional', 'mo@safety.example.org', ['BQ2']);
    const outlook = {
      from: `Mo Fictional <${mo.lead.email}>`,
      to: mo.asked.replyTo[0],
      subject: `RE: ${mo.asked.subject}`,
      messageId: `<outlook-${Date.now()}@safety.example.org>`,
      text: [
        '',
        `From: ${mo.asked.from}`,
        'Sent: 01 December 2026 09:00',
        `To: Mo Fictional <${mo.lead.email}>`,
        `Subject: ${mo.asked.subject}`,
        '',
        mo.asked.text!,
        '',
        'Status: on track',
        'Progress: 80%',
        'All twelve secondary schools have booked their assemblies.',
        '',
        'Regards',
        'Mo Fictional',
        'Community Safety Officer',
      ].join('\n'),
    };
    await sendToListener(port, outlook);
    const moConfirmation = await suite.catcher.waitFor(
      (m) => m.to.includes(mo.lead.email) && m.subject.startsWith('Recorded'),
      30_000,
    );
    expect(moConfirmation.text).toContain('(read from below the quoted email)');
    expect(await prisma.update.findFirstOrThrow({ where: { actionId: mo.ids[0] } })).toMatchObject({
      status: 'ON_TRACK',
      percentComplete: 80,
      commentary: 'All twelve secondary schools have booked their assemblies.',
    });
  });
});
