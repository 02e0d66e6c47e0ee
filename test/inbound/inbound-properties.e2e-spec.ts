// Property-based: whatever arrives at the inbound webhook (malformed MIME, odd charsets and transfer
// encodings, huge bodies, hostile attachment names), Waymark answers without a 5xx, never crashes, and
// records a reply all or nothing.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { LEAD_WORKBOOK_SHEET } from '@waymark/workbooks';
import { waymarkSuite } from '../support/suite';
import { createAction } from '../chasing/chasing-fixtures';
import { MAX_ATTACHMENTS, SmtpListener } from '@waymark/inbound-mail';
import { PDF, askNewLead, inboundEnv, mimeOf, mxResults, postMime, sendToListener } from './inbound-support';

const LIMIT = 300_000;

describe('the inbound path under hostile input', () => {
  const suite = waymarkSuite(async () => ({ ...(await inboundEnv()), INBOUND_MAX_BYTES: String(LIMIT) }));
  const post = (raw: Buffer | string) => postMime(suite.http(), raw);

  it('never answers 5xx to bytes that are not email at all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 4000 }).map((a) => Buffer.from(a)),
          fc.string({ maxLength: 2000 }).map((s) => Buffer.from(s)),
          fc
            .array(fc.tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 200 })), { maxLength: 20 })
            .map((headers) =>
              Buffer.from(`${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\nbody`),
            ),
        ),
        async (raw) => {
          const res = await post(raw);
          expect([202, 422]).toContain(res.status);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('cleans NUL bytes from every header: no 5xx from the webhook, and the SMTP listener takes the message', async () => {
    const nul = (tag: string) =>
      [
        'From: Sam <sam.fictional@police.example.org>',
        'To: updates@replies.test.example.org',
        `Message-ID: <nul-${tag}-${Date.now()}@police.example.org>`,
        'In-Reply-To: <a\u0000b@waymark.example.org>',
        'References: <c\u0000d@waymark.example.org> <e@waymark.example.org>',
        'Delivered-To: updates+\u0000@replies.test.example.org',
        'Subject: Re: \u0000update',
        '',
        'Status: on track',
        '',
      ].join('\r\n');
    const res = await post(nul('webhook')).expect(202);
    expect(res.body.outcome).toBe('UNKNOWN');
    const port = suite.waymark.api.get(SmtpListener).port;
    const sent = await sendToListener(port, {
      envelope: { from: 'sam.fictional@police.example.org', to: ['updates@replies.test.example.org'] },
      raw: nul('smtp'),
    });
    expect(sent.response).toMatch(/^250/);
  });

  it('refuses a message over the size limit with 413, and takes one just under it', async () => {
    const head = 'From: a@example.org\r\nTo: updates@replies.test.example.org\r\nSubject: big\r\n\r\n';
    await post(head + 'x'.repeat(LIMIT + 10)).expect(413);
    const res = await post(`${head}${'Status: on track\r\n'.repeat(Math.floor((LIMIT - 200) / 18))}`).expect(
      202,
    );
    expect(res.body.outcome).toBe('UNKNOWN');
  });

  it('records a reply to a real request all or nothing, whatever its charset, encoding and attachments', async () => {
    const { fixture: f, waymark } = suite;
    const ids = [
      await createAction(suite.http(), f, f.lead.id, 'PB1'),
      await createAction(suite.http(), f, f.lead.id, 'PB2'),
    ];
    const asked = await suite.catcher.waitFor((m) => m.to.includes(f.lead.email), 30_000);
    const replyTo = asked.replyTo[0];
    let n = 0;
    const outcomes = new Set<string>();

    const fieldValue = fc.oneof(
      fc.constantFrom(
        'on track',
        'AT RISK',
        'green',
        'complete',
        'nearly',
        '',
        '60%',
        '31/3/2027',
        'March 2027',
      ),
      fc.string({ maxLength: 30 }),
    );
    const section = (ref: string) =>
      fc.oneof(
        // Well-formed answers, so that recording (not only refusing) is exercised.
        fc
          .record({
            status: fc.constantFrom('on track', 'AT RISK', 'green', 'complete'),
            progress: fc.constantFrom('', '60%', '100'),
            text: fc.string({ minLength: 1, maxLength: 100 }).map((t) => `Progress made. ${t}`),
          })
          .map((v) => `Action ${ref}\nStatus: ${v.status}\nProgress: ${v.progress}\n${v.text}\n`),
        fc
          .record({
            status: fieldValue,
            progress: fieldValue,
            date: fieldValue,
            reason: fieldValue,
            text: fc.string({ maxLength: 200 }),
          })
          .map(
            (v) =>
              `Action ${ref}\nStatus: ${v.status}\nProgress: ${v.progress}\nNew date: ${v.date}\nReason: ${v.reason}\n${v.text}\n`,
          ),
      );
    const hostileName = fc.oneof(
      fc.constantFrom(
        '../../etc/passwd',
        '..\\..\\windows\\system32\\cmd.exe',
        'report.pdf\u0000.exe',
        '\u202Efdp.exe',
        'CON.pdf',
        '=?utf-8?B?Li4vLi4vZXZpbC5wZGY=?=',
        'a'.repeat(1000) + '.pdf',
        '',
      ),
      fc.string({ maxLength: 80 }),
    );
    const attachment = fc.record({
      name: hostileName,
      content: fc.oneof(
        fc.constant(PDF),
        fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
      ),
      type: fc.constantFrom('application/pdf', 'application/octet-stream', 'text/html', 'x/y; name="../x"'),
    });
    const charset = fc.constantFrom(
      'utf-8',
      'iso-8859-1',
      'windows-1252',
      'koi8-r',
      'utf-7',
      'x-unknown-charset',
      '',
    );
    const encoding = fc.constantFrom('7bit', '8bit', 'base64', 'quoted-printable', 'x-bogus');

    await fc.assert(
      fc.asyncProperty(
        section('PB1'),
        section('PB2'),
        charset,
        encoding,
        fc.array(attachment, { maxLength: 3 }),
        async (one, two, cs, enc, files) => {
          const before = await waymark.prisma.update.count({ where: { actionId: { in: ids } } });
          const messageId = `<prop-${++n}-${Date.now()}@police.example.org>`;
          const body = `${one}\n${two}`;
          const encoded =
            enc === 'base64'
              ? Buffer.from(body).toString('base64')
              : enc === 'quoted-printable'
                ? body.replace(/=/g, '=3D')
                : body;
          const boundary = 'b0undary';
          const parts = [
            `--${boundary}\r\nContent-Type: text/plain${cs ? `; charset="${cs}"` : ''}\r\nContent-Transfer-Encoding: ${enc}\r\n\r\n${encoded}\r\n`,
            ...files.map(
              (file) =>
                `--${boundary}\r\nContent-Type: ${file.type}\r\nContent-Disposition: attachment; filename="${file.name.replace(/["\r\n]/g, '')}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${file.content.toString('base64')}\r\n`,
            ),
          ];
          const raw = [
            `Authentication-Results: ${mxResults(f.lead.email)}`,
            `From: Sam Fictional <${f.lead.email}>`,
            `To: ${replyTo}`,
            'Subject: Re: update',
            `Message-ID: ${messageId}`,
            'MIME-Version: 1.0',
            `Content-Type: multipart/mixed; boundary="${boundary}"`,
            '',
            `${parts.join('')}--${boundary}--\r\n`,
          ].join('\r\n');
          const res = await post(Buffer.from(raw, 'utf8'));
          expect(res.status).toBe(202);
          outcomes.add(res.body.outcome);
          const after = await waymark.prisma.update.count({ where: { actionId: { in: ids } } });
          // All or nothing: both actions' updates, or neither.
          expect(after - before).toBe(res.body.outcome === 'RECORDED' ? 2 : 0);
          const stored = await waymark.prisma.inboundMessage.findUnique({ where: { messageId } });
          expect(stored?.outcome).toBe(res.body.outcome);
          if (res.body.outcome === 'RECORDED') {
            const evidence = await waymark.prisma.evidence.findMany({
              where: { update: { actionId: { in: ids } } },
            });
            for (const e of evidence) expect(e.fileName ?? '').not.toMatch(/[/\\\u0000\u202e]/);
          }
        },
      ),
      { numRuns: 40 },
    );
    expect([...outcomes]).toEqual(expect.arrayContaining(['RECORDED', 'NOT_UNDERSTOOD']));
  });

  it(`reads no attachment of a message with more than ${MAX_ATTACHMENTS}: nothing recorded, the sender told`, async () => {
    const { waymark } = suite;
    const { lead, ids, asked } = await askNewLead(
      suite,
      'Mo Fictional',
      'mo.fictional@ambulance.example.org',
      ['AT1'],
    );
    const res = await post(
      await mimeOf({
        from: lead.email,
        to: asked.replyTo[0],
        subject: 'Re: update',
        messageId: `<many-${Date.now()}@ambulance.example.org>`,
        text: 'Action AT1\nStatus: complete\nAll done.',
        attachments: Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => ({
          filename: `evidence-${i}.pdf`,
          content: PDF,
        })),
      }),
    ).expect(202);
    expect(res.body).toMatchObject({
      outcome: 'NOT_UNDERSTOOD',
      problems: [
        `The email has ${MAX_ATTACHMENTS + 1} attachments; at most ${MAX_ATTACHMENTS} are read, so nothing was recorded`,
      ],
    });
    expect(await waymark.prisma.update.count({ where: { actionId: { in: ids } } })).toBe(0);
    expect(
      await waymark.prisma.outboundEmail.count({ where: { toAddress: lead.email, kind: 'inbound-answer' } }),
    ).toBe(1);
  });

  it('survives hostile .xlsx attachments (random bytes, corrupted or truncated workbooks, a zip bomb-lite): nothing recorded', async () => {
    const { waymark } = suite;
    const { lead, ids, asked, workbook } = await askNewLead(
      suite,
      'Lee Fictional',
      'lee.fictional@fire.example.org',
      ['HX1'],
    );
    const sent = workbook!.content;
    // Our own sheet, with shared strings that unzip to far more than any workbook of ours.
    const bomb = new ExcelJS.Workbook();
    const big = bomb.addWorksheet(LEAD_WORKBOOK_SHEET);
    big.getCell('A1').value = 'Request key';
    for (let r = 2; r < 300; r += 1) big.getCell(r, 8).value = `${r}${'x'.repeat(30_000)}`;
    const bombBytes = Buffer.from(await bomb.xlsx.writeBuffer());
    expect(bombBytes.length).toBeLessThan(LIMIT / 2);

    const hostile = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
      fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.concat([Buffer.from('PK\u0003\u0004'), a])),
      fc
        .array(fc.tuple(fc.nat({ max: sent.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 20,
        })
        .map((flips) => {
          const copy = Buffer.from(sent);
          for (const [at, byte] of flips) copy[at] = byte;
          return copy;
        }),
      fc.nat({ max: sent.length - 1 }).map((end) => sent.subarray(0, end)),
      fc.constant(bombBytes),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostile, async (content) => {
        const messageId = `<xlsx-${++n}-${Date.now()}@fire.example.org>`;
        const boundary = 'b0undary';
        const raw = [
          `Authentication-Results: ${mxResults(lead.email)}`,
          `From: ${lead.email}`,
          `To: ${asked.replyTo[0]}`,
          'Subject: Re: update',
          `Message-ID: ${messageId}`,
          'MIME-Version: 1.0',
          `Content-Type: multipart/mixed; boundary="${boundary}"`,
          '',
          `--${boundary}\r\nContent-Type: text/plain\r\n\r\nPlease find my workbook attached.\r\n`,
          `--${boundary}\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\nContent-Disposition: attachment; filename="Updates.xlsx"\r\nContent-Transfer-Encoding: base64\r\n\r\n${content.toString('base64')}\r\n--${boundary}--\r\n`,
        ].join('\r\n');
        const res = await post(Buffer.from(raw, 'utf8'));
        expect(res.status).toBe(202);
        expect(res.body.outcome).toBe('NOT_UNDERSTOOD');
        expect(await waymark.prisma.update.count({ where: { actionId: { in: ids } } })).toBe(0);
      }),
      { numRuns: 25 },
    );
  });
});
