import {
  FormQuestion,
  cellField,
  cellFieldId,
  notRecordedField,
  readCell,
  readProviderForm,
  typedFromAnswers,
} from './provider-form';

const questions: FormQuestion[] = [
  {
    key: 'Q01_BEDSPACES',
    type: 'count',
    label: 'Bedspaces',
    cells: [
      { key: 'refuge', reference: 'Q01_BEDSPACES[refuge]', label: 'Refuge' },
      { key: 'dispersed', reference: 'Q01_BEDSPACES[dispersed]', label: 'Dispersed' },
    ],
  },
  {
    key: 'Q02_BY_AND_FOR',
    type: 'yes-no',
    label: 'By and for',
    cells: [{ key: '', reference: 'Q02_BY_AND_FOR', label: '' }],
  },
  {
    key: 'Q09_SPEND',
    type: 'money',
    label: 'Spend',
    cells: [{ key: '', reference: 'Q09_SPEND', label: '' }],
  },
];

describe('readProviderForm', () => {
  it('reads counts, yes/no and money; a blank stays blank', () => {
    const reading = readProviderForm(questions, {
      [cellField('Q01_BEDSPACES', 'refuge')]: ' 1,204 ',
      [cellField('Q01_BEDSPACES', 'dispersed')]: '',
      [cellField('Q02_BY_AND_FOR', '')]: 'no',
      [cellField('Q09_SPEND', '')]: '£12,500.50',
    });
    expect(reading.errors).toEqual({});
    expect(reading.answers).toEqual({
      Q01_BEDSPACES: { refuge: 1204 },
      Q02_BY_AND_FOR: { '': false },
      Q09_SPEND: { '': 12500.5 },
    });
  });

  it('makes the blank cells of a question ticked "we do not record this" not collected, and keeps the figures given', () => {
    const reading = readProviderForm(questions, {
      [cellField('Q01_BEDSPACES', 'refuge')]: '0',
      [notRecordedField('Q01_BEDSPACES')]: 'yes',
    });
    expect(reading.answers).toEqual({ Q01_BEDSPACES: { refuge: 0, dispersed: { notCollected: true } } });
  });

  it('names every cell it cannot read, by the id the error summary links to, and keeps what was typed', () => {
    const reading = readProviderForm(questions, {
      [cellField('Q01_BEDSPACES', 'refuge')]: 'twelve',
      [cellField('Q01_BEDSPACES', 'dispersed')]: '-3',
      [cellField('Q02_BY_AND_FOR', '')]: 'maybe',
    });
    expect(Object.keys(reading.errors)).toEqual([
      cellFieldId('Q01_BEDSPACES', 'refuge'),
      cellFieldId('Q01_BEDSPACES', 'dispersed'),
      cellFieldId('Q02_BY_AND_FOR', ''),
    ]);
    expect(cellFieldId('Q02_BY_AND_FOR', '')).toBe('cell-Q02_BY_AND_FOR');
    expect(reading.typed[cellField('Q01_BEDSPACES', 'refuge')]).toBe('twelve');
  });

  it('shows the answers last given in the fields they came from', () => {
    const typed = typedFromAnswers(questions, {
      Q01_BEDSPACES: { refuge: 4, dispersed: { notCollected: true } },
      Q02_BY_AND_FOR: { '': true },
    });
    expect(typed).toEqual({
      [cellField('Q01_BEDSPACES', 'refuge')]: '4',
      [notRecordedField('Q01_BEDSPACES')]: 'yes',
      [cellField('Q02_BY_AND_FOR', '')]: 'yes',
    });
  });
});

describe('readCell', () => {
  it('reads "not collected" in any case for any type', () => {
    expect(readCell('count', 'Not Collected')).toEqual({ value: { notCollected: true } });
    expect(readCell('yes-no', 'not collected')).toEqual({ value: { notCollected: true } });
  });

  it('refuses a decimal count and a fraction of a penny', () => {
    expect(typeof readCell('count', '2.5')).toBe('string');
    expect(typeof readCell('money', '2.555')).toBe('string');
  });
});
