import { WHOLE_REPLY, readEngagementReply } from './engagement-reply';

const QUESTIONS = ['What helped you most?', 'What was missing?', 'What should change?'];

describe('readEngagementReply', () => {
  it('splits numbered answers, in any of the usual forms, dropping a greeting and a sign-off', () => {
    const text = [
      'Hello,',
      '',
      '1. Being believed the first time.',
      'And being seen quickly.',
      '',
      '2) Support at weekends.',
      'Q3: More refuge spaces.',
      '',
      'Thanks,',
      'Robin Fictional',
    ].join('\n');
    expect(readEngagementReply(text, QUESTIONS)).toEqual([
      { question: QUESTIONS[0], answer: 'Being believed the first time.\nAnd being seen quickly.' },
      { question: QUESTIONS[1], answer: 'Support at weekends.' },
      { question: QUESTIONS[2], answer: 'More refuge spaces.' },
    ]);
  });

  it('keeps a reply that does not follow the numbers whole, as one response', () => {
    const text = 'We think the strategy should say more about older victims.\n\nRobin';
    expect(readEngagementReply(text, QUESTIONS)).toEqual([
      { question: WHOLE_REPLY, answer: 'We think the strategy should say more about older victims.' },
    ]);
    expect(readEngagementReply('More move-on housing.', ['Anything else?'])).toEqual([
      { question: 'Anything else?', answer: 'More move-on housing.' },
    ]);
  });

  it('loses nothing: a preamble that is not a greeting and an unknown number are kept under "Response"', () => {
    const text = 'Some context first.\n1. Yes.\n7. An extra point.';
    expect(readEngagementReply(text, QUESTIONS)).toEqual([
      { question: WHOLE_REPLY, answer: 'Some context first.\n\n7. An extra point.' },
      { question: QUESTIONS[0], answer: 'Yes.' },
    ]);
  });

  it('joins two parts answering the same question, and reads nothing from an empty reply', () => {
    expect(readEngagementReply('1. First.\n1. Second.', QUESTIONS)).toEqual([
      { question: QUESTIONS[0], answer: 'First.\n\nSecond.' },
    ]);
    expect(readEngagementReply('\n\n', QUESTIONS)).toEqual([]);
  });

  it('does not take a sentence that merely starts with a year or a number for an answer number', () => {
    const text = '2024 was a hard year for the service.';
    expect(readEngagementReply(text, QUESTIONS)).toEqual([{ question: WHOLE_REPLY, answer: text }]);
  });
});
