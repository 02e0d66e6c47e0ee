import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { projectRoot } from '@waymark/config';
import { replyTextOf } from './quoted-text';
import { LeadReading, readLeadReply } from './reply-fields';

/** Real-looking replies from the clients leads use (test/fixtures/inbound/*.eml), read end to end. */
async function read(file: string, refs: string[]): Promise<LeadReading> {
  const parsed = await simpleParser(readFileSync(join(projectRoot(), 'test', 'fixtures', 'inbound', file)));
  return readLeadReply(replyTextOf(parsed.text ?? '').above, refs);
}

function updates(reading: LeadReading) {
  if (!reading.ok) throw new Error(`Not understood: ${reading.problems.join('; ')}`);
  return Object.fromEntries(reading.updates.map((u) => [u.ref, u.update]));
}

describe('email replies, client by client', () => {
  it('Outlook desktop: two actions, quoted-printable, signature and the From/Sent block', async () => {
    expect(updates(await read('outlook-desktop.eml', ['P1.2', 'P2.1']))).toEqual({
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
    expect(updates(await read('outlook-web.eml', ['P3.4']))['P3.4']).toEqual({
      status: 'OFF_TRACK',
      percentComplete: 20,
      commentary: 'Recruitment of replacement champions is under way in both local policing areas.',
      blockers: undefined,
      proposedDueDate: '2027-03-31',
      proposedDueDateReason: 'two champions left the force',
    });
  });

  it('Gmail: RAG for status, spaced field names, a wrapped "On … wrote:" and > quoting', async () => {
    expect(updates(await read('gmail.eml', ['P4.1']))['P4.1']).toMatchObject({
      status: 'AT_RISK',
      percentComplete: 45,
      blockers: 'Contractor availability',
      commentary: 'The scheme fitted 12 properties this quarter – fewer than planned.',
    });
  });

  it('Apple Mail: headings starting with the action reference, "March 2027", "Sent from my iPad"', async () => {
    const read2 = updates(await read('apple-mail.eml', ['P1.2', 'P2.1']));
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
    expect(updates(await read('iphone.eml', ['P5.2']))['P5.2']).toMatchObject({
      status: 'COMPLETE',
      percentComplete: 100,
      commentary: 'All eight new bedspaces opened on 1 December.',
    });
  });

  it('Outlook for Android: capitals, "30th Sept 2027", a Commentary field, ISO-8859-1', async () => {
    expect(updates(await read('outlook-android.eml', ['P6.3']))['P6.3']).toMatchObject({
      status: 'NOT_STARTED',
      proposedDueDate: '2027-09-30',
      proposedDueDateReason: 'funding confirmed only from April',
      commentary: 'the programme starts once the £ funding is released.',
    });
  });

  it('a forwarded chain: only the text above the forwarded message counts', async () => {
    expect(updates(await read('forwarded.eml', ['P1.2']))['P1.2']).toMatchObject({
      status: 'ON_TRACK',
      percentComplete: 75,
      commentary: 'Answering for my colleague, who is on leave.',
    });
  });
});
