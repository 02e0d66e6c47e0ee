import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { projectRoot } from '@waymark/config';
import { chaseRequestEmail, renderEmail } from '@waymark/mail';
import { clean } from './inbound-message';
import { LeadReading, readLeadReply } from './reply-fields';
import { readAboveOrBelow } from './reply-reader';

/**
 * Real-looking replies from the clients leads use, read end to end as ReplyReader reads them: parsed,
 * their new text found above the quote or, when nothing there can be read, below it, and read.
 * test/fixtures/inbound/*.eml quote a few lines of a request; test/fixtures/replies/clients/*.eml quote
 * the whole request email as Waymark renders it.
 */
const INBOUND = join(projectRoot(), 'test', 'fixtures', 'inbound');
const CLIENTS = join(projectRoot(), 'test', 'fixtures', 'replies', 'clients');

async function read(path: string, refs: string[]): Promise<{ reading: LeadReading; belowQuote: boolean }> {
  const parsed = await simpleParser(readFileSync(path));
  return readAboveOrBelow(clean(parsed.text ?? ''), (text) => readLeadReply(text, refs));
}

function updates({ reading }: { reading: LeadReading }) {
  if (!reading.ok) throw new Error(`Not understood: ${reading.problems.join('; ')}`);
  return Object.fromEntries(reading.updates.map((u) => [u.ref, u.update]));
}

describe('email replies, client by client', () => {
  const inbound = (file: string, refs: string[]) => read(join(INBOUND, file), refs);

  it('Outlook desktop: two actions, quoted-printable, signature and the From/Sent block', async () => {
    expect(updates(await inbound('outlook-desktop.eml', ['P1.2', 'P2.1']))).toEqual({
      'P1.2': {
        status: 'ON_TRACK',
        percentComplete: 60,
        commentary: 'We have trained 40 frontline staff; the last two sessions are booked for January.',
        blockers: undefined,
        proposedDueDate: undefined,
        proposedDueDateReason: undefined,
      },
      'P2.1': {
        status: 'AT_RISK',
        percentComplete: 30,
        commentary: 'The site is agreed; building starts once permission is granted.',
        blockers: 'Waiting for planning permission',
        proposedDueDate: '2027-03-31',
        proposedDueDateReason: 'the refuge provider started three months late',
      },
    });
  });

  it('Outlook on the web: HTML only, the rule and bold From/Sent header block', async () => {
    expect(updates(await inbound('outlook-web.eml', ['P3.4']))['P3.4']).toEqual({
      status: 'OFF_TRACK',
      percentComplete: 20,
      commentary: 'Recruitment of replacement champions is under way in both local policing areas.',
      blockers: undefined,
      proposedDueDate: '2027-03-31',
      proposedDueDateReason: 'two champions left the force',
    });
  });

  it('Gmail: RAG for status, spaced field names, a wrapped "On … wrote:" and > quoting', async () => {
    expect(updates(await inbound('gmail.eml', ['P4.1']))['P4.1']).toMatchObject({
      status: 'AT_RISK',
      percentComplete: 45,
      blockers: 'Contractor availability',
      commentary: 'The scheme fitted 12 properties this quarter – fewer than planned.',
    });
  });

  it('Apple Mail: headings starting with the action reference, "March 2027", "Sent from my iPad"', async () => {
    const read2 = updates(await inbound('apple-mail.eml', ['P1.2', 'P2.1']));
    expect(read2['P1.2']).toMatchObject({
      status: 'COMPLETE',
      percentComplete: 100,
      commentary: 'All health visitor teams have completed the IRIS training.',
    });
    expect(read2['P2.1']).toMatchObject({
      status: 'BLOCKED',
      proposedDueDate: '2027-03-31',
      proposedDueDateReason: 'the new maternity IT system delays the question prompts',
      commentary: 'Progress cannot move until the system is live.',
    });
  });

  it('iPhone: base64 body, lower case and no spaces, "Sent from my iPhone"', async () => {
    expect(updates(await inbound('iphone.eml', ['P5.2']))['P5.2']).toMatchObject({
      status: 'COMPLETE',
      percentComplete: 100,
      commentary: 'All eight new bedspaces opened on 1 December.',
    });
  });

  it('Outlook for Android: capitals, "30th Sept 2027", a Commentary field, ISO-8859-1', async () => {
    expect(updates(await inbound('outlook-android.eml', ['P6.3']))['P6.3']).toMatchObject({
      status: 'NOT_STARTED',
      proposedDueDate: '2027-09-30',
      proposedDueDateReason: 'funding confirmed only from April',
      commentary: 'the programme starts once the £ funding is released.',
    });
  });

  it('a forwarded chain: only the text above the forwarded message counts', async () => {
    expect(updates(await inbound('forwarded.eml', ['P1.2']))['P1.2']).toMatchObject({
      status: 'ON_TRACK',
      percentComplete: 75,
      commentary: 'Answering for my colleague, who is on leave.',
    });
  });
});

describe('email replies quoting the whole request, client by client', () => {
  const client = (file: string, refs: string[]) => read(join(CLIENTS, file), refs);

  it('Outlook desktop: a greeting, "Kind regards" and a signature block above the unquoted request', async () => {
    const read2 = await client('outlook-desktop.eml', ['P1.2', 'P2.1']);
    expect(read2.belowQuote).toBe(false);
    expect(updates(read2)).toMatchObject({
      'P1.2': { status: 'ON_TRACK', percentComplete: 60 },
      'P2.1': { status: 'AT_RISK', percentComplete: 30, proposedDueDate: '2027-03-31' },
    });
  });

  it('Outlook desktop, written below the request: read after its closing lines, signed "Regards"', async () => {
    const reading = await client('outlook-desktop-below-quote.eml', ['P2.4']);
    expect(reading.belowQuote).toBe(true);
    expect(updates(reading)['P2.4']).toMatchObject({
      status: 'ON_TRACK',
      percentComplete: 80,
      commentary: 'All twelve secondary schools have booked their assemblies.',
    });
  });

  it("Outlook on the web: HTML only, a header wrapped by the HTML's conversion, the request's HTML", async () => {
    expect(updates(await client('outlook-web.eml', ['P3.4']))['P3.4']).toMatchObject({
      status: 'OFF_TRACK',
      percentComplete: 20,
      proposedDueDate: '2027-03-31',
      commentary: 'Recruitment of replacement champions is under way in both local policing areas.',
    });
  });

  it('Gmail: a "--" signature, the header wrapped before the address', async () => {
    expect(updates(await client('gmail.eml', ['P4.1']))['P4.1']).toMatchObject({
      status: 'AT_RISK',
      blockers: 'Contractor availability',
      commentary: 'The scheme fitted 12 properties this quarter – fewer than planned.',
    });
  });

  it('Gmail, answered between the quoted lines: each action below its own part of the request', async () => {
    const reading = await client('gmail-between-quotes.eml', ['P1.2', 'P2.1']);
    expect(reading.belowQuote).toBe(true);
    expect(updates(reading)).toMatchObject({
      'P1.2': {
        status: 'ON_TRACK',
        percentComplete: 60,
        commentary: 'Training continues; two sessions left.',
      },
      'P2.1': { status: 'COMPLETE', percentComplete: 100, commentary: 'The refuge opened on 1 December.' },
    });
  });

  it('Apple Mail: the header inside the > quoting, "Kind regards"', async () => {
    expect(updates(await client('apple-mail.eml', ['P1.5']))['P1.5']).toMatchObject({
      status: 'BLOCKED',
      proposedDueDate: '2027-03-31',
      commentary: 'Progress cannot move until the system is live.',
    });
  });

  it('iPhone: base64, "Sent from my iPhone"', async () => {
    expect(updates(await client('iphone.eml', ['P5.2']))['P5.2']).toMatchObject({
      status: 'COMPLETE',
      commentary: 'All eight new bedspaces opened on 1 December.',
    });
  });

  it('Samsung Email on Android: "Sent from my Galaxy" dropped, a sentence beginning "Sent from my desk" kept', async () => {
    expect(updates(await client('android-samsung.eml', ['P6.3']))['P6.3']).toMatchObject({
      status: 'NOT_STARTED',
      proposedDueDate: '2027-09-30',
      commentary:
        'Sent from my desk at the probation office, as the laptop is being repaired. The programme starts once the funding is released.',
    });
  });

  it('Thunderbird: the reply written below the quoted request, a "-- " signature', async () => {
    const reading = await client('thunderbird-below-quote.eml', ['P7.1']);
    expect(reading.belowQuote).toBe(true);
    expect(updates(reading)['P7.1']).toMatchObject({
      status: 'COMPLETE',
      percentComplete: 100,
      commentary: 'Two more IDVAs started in November; the service is at full capacity.',
    });
  });

  it('Outlook in French: the rule, "De : … Envoyé : …"', async () => {
    expect(updates(await client('outlook-french.eml', ['P8.2']))['P8.2']).toMatchObject({
      status: 'ON_TRACK',
      percentComplete: 70,
      commentary: 'Three practices remain; all are booked for January.',
    });
  });

  it('Outlook in German: "Von: … Gesendet: …" with no address, "Thanks"', async () => {
    expect(updates(await client('outlook-german.eml', ['P9.1']))['P9.1']).toMatchObject({
      status: 'AT_RISK',
      proposedDueDate: '2027-06-30',
      commentary: 'Two of the five directorates have adopted it.',
    });
  });
});

/** The request's own sentences: every line of a request email that does not depend on who or what is asked. */
const REQUEST_LINES = (() => {
  const action = {
    ref: 'X9.9',
    title: 'Placeholder action',
    dueDate: '2027-03-31',
    dueDateText: null,
    askOnTime: false,
    overdue: false,
    link: 'https://waymark.example.org/u/placeholder',
  };
  const own = (line: string) => !/X9\.9|Placeholder|Nobody|Nowhere|placeholder|Quarter 9/.test(line);
  return [1, 2].flatMap((count) =>
    renderEmail(chaseRequestEmail, {
      leadName: 'Nobody',
      partnershipName: 'Nowhere',
      periodLabel: 'Quarter 9',
      deadline: '2026-12-31T17:00:00.000Z',
      reminder: false,
      firstAskedOn: null,
      coordinatorEmail: 'nobody@example.org',
      workbookAttached: false,
      actions: Array(count).fill(action),
    })
      .text.split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length >= 12 && own(line)),
  );
})();

const QUOTED_HEADER =
  /^\s*\*?(?:from|sent|to|subject|date|de|envoyé|à|objet|von|gesendet|an|betreff)\s?:|wrote:?\s*$|original message|forwarded message|^\s*>/im;
const SIGNATURE =
  /^\s*(?:--|sent from my \w+|get outlook for .*|(?:kind |best )?regards,?|thanks,?|cheers,?|-\s?\p{Lu}\p{L}+)\s*$/imu;

describe('every reply fixture', () => {
  const fixtures = [
    ...readdirSync(INBOUND).map((file) => join(INBOUND, file)),
    ...readdirSync(CLIENTS).map((file) => join(CLIENTS, file)),
  ];

  it.each(fixtures)(
    '%s: the commentary recorded has no quoted header, signature or text of the request',
    async (path) => {
      const parsed = await simpleParser(readFileSync(path));
      // The actions asked: named in the subject or the reply.
      const refs = [...new Set(`${parsed.subject} ${parsed.text}`.match(/\bP\d+\.\d+\b/g))];
      const reading = (await read(path, refs)).reading;
      if (!reading.ok) throw new Error(`Not understood: ${reading.problems.join('; ')}`);
      const sender = parsed.from!.value[0].name!;
      for (const { update } of reading.updates) {
        const commentary = update.commentary ?? '';
        expect(commentary).not.toMatch(QUOTED_HEADER);
        expect(commentary).not.toMatch(SIGNATURE);
        expect(commentary).not.toContain(sender);
        expect(commentary).not.toMatch(/^Dear /m);
        for (const line of REQUEST_LINES) expect(commentary).not.toContain(line);
      }
    },
  );
});
