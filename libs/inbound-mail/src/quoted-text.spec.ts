import { newTextOf, replyTextOf } from './quoted-text';

// Waymark's additions to email-reply-parser, one by one (the parser's own cases are in the corpus:
// reply-corpus.spec.ts).

const answer = 'Status: on track\nProgress: 60%';
const above = (text: string) => replyTextOf(text).above;

describe('the new text above the quote', () => {
  it.each([
    [
      'Outlook desktop, no address',
      `${answer}\n\nFrom: Sandwell Partnership\nSent: 01 December 2026 09:00\nTo: Jo\n\nold`,
    ],
    ['Outlook, bold', `${answer}\n\n*From:* Waymark\n*Sent:* 01 December 2026 09:00\n\nold`],
    ['Outlook in French', `${answer}\n\nDe : Waymark\nEnvoyé : mardi 1 décembre 2026 09:00\nÀ : Jo\n\nold`],
    ['Outlook in German', `${answer}\n\nVon: Waymark\nGesendet: Dienstag, 1. Dezember 2026 09:00\n\nold`],
    [
      'Outlook on the web, its rule',
      `${answer}\n${'_'.repeat(32)}\nFrom: Waymark <w@example.org>\nSent: Tuesday\n\nold`,
    ],
    [
      '"On … wrote:" over three lines',
      `${answer}\n\nOn Tue, 1 Dec 2026,\nat 09:00,\nWaymark <w@example.org> wrote:\n\nold`,
    ],
    ['no space before "wrote:"', `${answer}\n\nOn 1 Dec 2026, at 09:00, Waymark<w@example.org>wrote:\n> old`],
    [
      'no colon after "wrote"',
      `${answer}\n\nOn Tue, 1 Dec 2026 09:00:00 +0000 Waymark <w@example.org> wrote\n\nold`,
    ],
    [
      '"---- On … wrote ----"',
      `${answer}\n\n---- On Tue, 01 Dec 2026 09:00:00 +0000 w@example.org wrote ----\n\nold`,
    ],
    ['a date and an address', `${answer}\n\n2026-12-01 9:00 GMT+00:00 <w@example.org>:\n\nold`],
    ['a dated header in another language', `${answer}\n\n2026.12.01. 9:00 keltezéssel, Waymark írta:\n> old`],
    [
      '"-------- Original message --------"',
      `${answer}\n\n-------- Original message --------\nFrom: Waymark\n\nold`,
    ],
    ['"-Name"', `${answer}\n\n-Jo Fictional\n\nOn 1 Dec 2026, Waymark <w@example.org> wrote:\n> old`],
    ['"Sent from TypeApp"', `${answer}\n\nSent from TypeApp<http://www.typeapp.com/r?b=2621>\nold`],
    ['"Sent from my Galaxy"', `${answer}\n\nSent from my Galaxy`],
    ['"Thanks" and a name', `${answer}\n\nThanks\nJo Fictional\nProbation Service`],
    ['"Cheers 🎉" and a name', `${answer}\n\nCheers 🎉\nJo`],
    ['"--" then a name', `${answer}\n--\nJo Fictional`],
    ['"—" then a name', `${answer}\n\n—\nJo Fictional`],
  ])('%s', (_, reply) => {
    expect(above(reply)).toBe(answer);
  });

  it('keeps a sentence that begins "Sent from my desk", a "---" between answers, a reply of only "Thank you!"', () => {
    const desk = 'Sent from my desk at the refuge office, as the laptop is being repaired.';
    expect(above(`${answer}\n${desk}\n\nSent from my iPhone`)).toBe(`${answer}\n${desk}`);
    const two = `Action P1.2\n${answer}\n---\nAction P2.1\nStatus: blocked`;
    expect(above(`${two}\n\nOn 1 Dec 2026, Waymark <w@example.org> wrote:\n> old`)).toBe(two);
    expect(above('Thank you!\n\nOn 1 Dec 2026, Waymark <w@example.org> wrote:\n> old')).toBe('Thank you!');
  });
});

describe('the new text below and between quoted blocks', () => {
  it('reads a reply written below the quote, without its signature', () => {
    const reply = `On 01/12/2026 09:00, Waymark wrote:\n> Dear Jo,\n> Status: not started\n\n${answer}\n\n-- \nJo Fictional`;
    expect(replyTextOf(reply)).toEqual({ above: '', below: answer });
  });

  it('reads answers between quoted lines, leaving out a quoted line wrapped without its ">"', () => {
    const reply = [
      'Hi,',
      'On Tue, 1 Dec 2026 at 09:00, Waymark <w@example.org> wrote:',
      '> P1.2: Train frontline staff to spot abuse, in every team of the',
      'housing service',
      '> Give an update: https://waymark.example.org/u/abc',
      '',
      'Action P1.2',
      answer,
      '',
      '> P2.1: Open a second refuge',
      '',
      'Action P2.1',
      'Status: blocked',
    ].join('\n');
    expect(replyTextOf(reply)).toEqual({
      above: 'Hi,',
      below: `Action P1.2\n${answer}\n\nAction P2.1\nStatus: blocked`,
    });
  });

  it('reads after a Waymark email quoted without ">" only from its closing lines, not from its HTML banner', () => {
    const request = [
      'Sandwell Domestic Abuse Partnership',
      '',
      'Dear Jo,',
      'For example:',
      '    Status: on track',
      '',
      'Thank you,',
      'Sandwell Domestic Abuse Partnership',
    ].join('\n');
    const reply = `\nFrom: Sandwell Domestic Abuse Partnership <w@example.org>\nSent: 01 December 2026 09:00\n\n${request}\n\n${answer}\n\nRegards\nJo`;
    expect(replyTextOf(reply)).toEqual({ above: '', below: answer });
    // With no closing lines, everything below an Outlook header is the quoted message.
    expect(replyTextOf(`${answer}\n\nFrom: Someone\nSent: Monday\n\nStatus: blocked`)).toEqual({
      above: answer,
      below: '',
    });
  });

  it('recognises a reply re-sent by all its new text, above and below', () => {
    const quote = 'On 01/12/2026 09:00, Waymark wrote:\n> Dear Jo,';
    expect(newTextOf(`${quote}\n\n${answer}`)).toBe(answer);
    expect(newTextOf(`Hi\n\n${quote}\n\n${answer}`)).toBe(`Hi\n\n${answer}`);
    expect(newTextOf(`${quote}\n\n${answer}`)).not.toBe(newTextOf(`${quote}\n\nStatus: blocked`));
  });
});
