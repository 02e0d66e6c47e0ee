import { ProviderRequestForForm, askedQuestions } from '@waymark/annual-return';
import { providerReturnRequestEmail, renderEmail } from '@waymark/mail';
import { defaultReturnTemplate, providerCells } from '@waymark/return-template';
import { mergeAnswers } from '@waymark/return-template';
import { askedCellsOf, providerExample, readProviderReply } from './provider-reply-fields';
import { replyTextOf } from './quoted-text';

// What a refuge provider is asked for the shipped 2025-26 template, as the request email lists it.
const template = defaultReturnTemplate();
const questions = askedQuestions({
  annualReturn: { template: { content: template } },
  asked: providerCells(template, ['refuge']),
} as unknown as ProviderRequestForForm);
const asked = askedCellsOf(questions);

const problems = (reading: { ok: boolean; problems?: string[] }): string[] => reading.problems ?? [];

describe("reading a provider's reply", () => {
  it('reads counts with thousands commas, yes/no and "not collected", forgiving case and spaces', () => {
    const reading = readProviderReply(
      [
        'Hi Sam,',
        'Here are our figures:',
        '',
        'q01_bedspaces [ Refuge ]: 14',
        '- Q04_INDIVIDUALS_TOTAL: 1,204',
        'Q02_BY_AND_FOR: Yes',
        'Q05_UNABLE_INSTANCES: Not collected.',
        '',
        'Thanks, Alex',
        'Tel: 01632 960000',
        'Note: the second house opened in May',
      ].join('\n'),
      asked,
    );
    expect(reading).toEqual({
      ok: true,
      answers: {
        Q01_BEDSPACES: { refuge: 14 },
        Q04_INDIVIDUALS_TOTAL: { '': 1204 },
        Q02_BY_AND_FOR: { '': true },
        Q05_UNABLE_INSTANCES: { '': { notCollected: true } },
      },
      lines: {
        'Q01_BEDSPACES[refuge]': '14',
        Q04_INDIVIDUALS_TOTAL: '1,204',
        Q02_BY_AND_FOR: 'yes',
        Q05_UNABLE_INSTANCES: 'not collected',
      },
    });
  });

  it('takes lines copied from the request email: left blank they are left out, the label beside a figure is dropped', () => {
    const email = renderEmail(providerReturnRequestEmail, {
      contactName: 'Alex Example',
      partnershipName: 'Testshire',
      financialYear: '2025-26',
      deadline: '2026-05-29T16:00:00.000Z',
      services: ['Oak House (Haven Housing)'],
      questions,
      link: 'https://waymark.example.org/p/abc',
      coordinatorEmail: 'da.team@council.example.org',
    });
    // The provider pastes the email's list of figures and fills in two of them.
    const listed = email.text.split('\n').filter((line) => /^\s{4}Q\d\d_/.test(line));
    expect(listed.length).toBe(asked.length);
    const filled = listed.map((line) =>
      line.includes('Q01_BEDSPACES[refuge]:')
        ? line.replace('Q01_BEDSPACES[refuge]:', 'Q01_BEDSPACES[refuge]: 12')
        : line.trim() === 'Q04_INDIVIDUALS_TOTAL:'
          ? `${line} 96`
          : line,
    );
    const reply = `${filled.join('\n')}\n\nOn 1 May 2026, at 09:00, Waymark wrote:\n> ${listed[0].trim()}`;
    const reading = readProviderReply(replyTextOf(reply).above, asked);
    expect(reading.ok && reading.answers).toEqual({
      Q01_BEDSPACES: { refuge: 12 },
      Q04_INDIVIDUALS_TOTAL: { '': 96 },
    });
  });

  it('refuses the whole reply for a reference not asked or a value it cannot read, naming every problem', () => {
    const reading = readProviderReply(
      [
        'Q01_BEDSPACES[refuge]: 12',
        'Q01_BEDSPACES[dispersed]: 4',
        'Q99_MADE_UP: 3',
        'Q04_INDIVIDUALS_TOTAL: about 90',
        'Q02_BY_AND_FOR: maybe',
        'Q04_INDIVIDUALS_BY_GROUP[women: 50',
      ].join('\n'),
      asked,
    );
    expect(problems(reading)).toEqual([
      'We did not ask you for "Q01_BEDSPACES[dispersed]": for Q01_BEDSPACES write "Q01_BEDSPACES[refuge]".',
      'We did not ask you for "Q99_MADE_UP": use the references listed in the request email.',
      'Q04_INDIVIDUALS_TOTAL: "about 90" cannot be read: write a whole number, like 12, or "not collected".',
      'Q02_BY_AND_FOR: "maybe" cannot be read: write yes or no, or "not collected".',
      '"Q04_INDIVIDUALS_BY_GROUP[women" is not a reference we can read: write it as the request email lists it, like "Q01_BEDSPACES[refuge]".',
    ]);
  });

  it('refuses a figure given twice with two values', () => {
    expect(
      problems(readProviderReply('Q04_INDIVIDUALS_TOTAL: 90\nq04_individuals_total: 96', asked)),
    ).toEqual(['Q04_INDIVIDUALS_TOTAL is given twice, as 90 and 96: give it once.']);
    expect(readProviderReply('Q04_INDIVIDUALS_TOTAL: 90\nQ04_INDIVIDUALS_TOTAL: 90', asked).ok).toBe(true);
  });

  it('refuses a reply with no figures, showing the first reference', () => {
    expect(problems(readProviderReply('Please see attached.\n\nKind regards: Alex', asked))).toEqual([
      'We could not find any figures above the quoted text: write one on a line, starting with its reference, for example "Q01_BEDSPACES[refuge]: 12".',
    ]);
  });

  it('shows the first two references asked as the example, and labels each cell', () => {
    expect(providerExample(asked)).toEqual([
      'Q01_BEDSPACES[refuge]: 12',
      'Q01_BEDSPACES_TOTAL: not collected',
    ]);
    expect(asked[0]).toMatchObject({ reference: 'Q01_BEDSPACES[refuge]', cellLabel: 'Refuge accommodation' });
    expect(asked[0].label).toMatch(/^Commissioned bedspaces .*: Refuge accommodation$/);
  });
});

describe("merging a reply's figures over the provider's latest answers", () => {
  it('keeps every answer the reply leaves out', () => {
    expect(
      mergeAnswers(
        { Q01_BEDSPACES: { refuge: 10 }, Q04_INDIVIDUALS_TOTAL: { '': 80 }, Q02_BY_AND_FOR: { '': false } },
        { Q04_INDIVIDUALS_TOTAL: { '': 96 }, Q05_UNABLE_INSTANCES: { '': { notCollected: true } } },
      ),
    ).toEqual({
      Q01_BEDSPACES: { refuge: 10 },
      Q04_INDIVIDUALS_TOTAL: { '': 96 },
      Q02_BY_AND_FOR: { '': false },
      Q05_UNABLE_INSTANCES: { '': { notCollected: true } },
    });
    expect(mergeAnswers(null, { Q01_BEDSPACES: { refuge: 1 } })).toEqual({ Q01_BEDSPACES: { refuge: 1 } });
  });
});
