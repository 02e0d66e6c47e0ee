import { parseDueDate, parsePlanDates, parseStartDate } from './due-date';

describe('parseDueDate', () => {
  it.each([
    ['2027-03-31', '2027-03-31'],
    ['31/03/2027', '2027-03-31'],
    ['1st April 2022', '2022-04-01'],
    ['March 2023', '2023-03-31'],
    ['end of Feb 2024', '2024-02-29'],
    ['Sept 2022', '2022-09-30'],
    ['2022/23', '2023-03-31'],
    ['2021-2022', '2022-03-31'],
    ['(Start) April 2022 (Completion March 2023)', '2023-03-31'],
  ])('reads %j as %s', (text, date) => {
    expect(parseDueDate(text)).toEqual({ text, date, parse: 'PARSED' });
  });

  it.each([
    'To be completed 6 months after the programme',
    'during 2024',
    'Ongoing',
    '31/02/2024',
    '2022/24',
  ])('keeps %j as text and flags it', (text) => {
    expect(parseDueDate(text)).toEqual({ text, date: null, parse: 'UNPARSED' });
  });

  it('treats an empty cell as no date', () => {
    expect(parseDueDate('   ')).toEqual({ text: null, date: null, parse: 'NONE' });
    expect(parseDueDate(undefined)).toEqual({ text: null, date: null, parse: 'NONE' });
  });
});

describe('parseDueDate, as council plans write dates', () => {
  it.each([
    ['Q3 2023/24', '2023-12-31'],
    ['Q4 2023/24', '2024-03-31'],
    ['Quarter 1 2024-25', '2024-06-30'],
    ['2023/24 Q2', '2023-09-30'],
    ['end of 2024', '2024-12-31'],
    ['By the end of 2024', '2024-12-31'],
    ['by end of March 2023', '2023-03-31'],
    ['FY 2021/22', '2022-03-31'],
    ['fy22/23', '2023-03-31'],
    ['Financial year 2022-23', '2023-03-31'],
    ['end of financial year 2022/23', '2023-03-31'],
    ['2021–22', '2022-03-31'],
    ['Mar-23', '2023-03-31'],
    ["March '24", '2024-03-31'],
    ['1 Sep 23', '2023-09-01'],
    ['March 31, 2023', '2023-03-31'],
    ['Target: 30/06/2023', '2023-06-30'],
    ['To be completed by December 2022', '2022-12-31'],
    ['April 2022 - March 2023', '2023-03-31'],
    ['Apr 22 – Mar 23', '2023-03-31'],
    ['(Start) April 2022 (Completion: Sept 2023)', '2023-09-30'],
  ])('reads %j as %s', (text, date) => {
    expect(parseDueDate(text)).toEqual({ text, date, parse: 'PARSED' });
  });

  it.each(['during 2024', 'Q3 2023', '2024', 'by 2024', 'Spring 2023', 'continuous', 'March 2023 - 2022'])(
    'keeps the ambiguous %j as text and flags it',
    (text) => {
      expect(parseDueDate(text)).toEqual({ text, date: null, parse: 'UNPARSED' });
    },
  );
});

describe('parseStartDate', () => {
  it.each([
    ['April 2022', '2022-04-01'],
    ['2022/23', '2022-04-01'],
    ['Q3 2023/24', '2023-10-01'],
    ['15/05/2023', '2023-05-15'],
    ['start of 2025', '2025-01-01'],
  ])('reads %j as %s, the first day it names', (text, date) => {
    expect(parseStartDate(text)).toEqual({ text, date, parse: 'PARSED' });
  });

  it('flags what it cannot read and ignores blanks', () => {
    expect(parseStartDate('once funding is agreed')).toEqual({
      text: 'once funding is agreed',
      date: null,
      parse: 'UNPARSED',
    });
    expect(parseStartDate('')).toEqual({ text: null, date: null, parse: 'NONE' });
  });
});

describe('parsePlanDates', () => {
  it('splits "(Start) … (Completion …)" into a start and a due date, keeping the whole cell as the due text', () => {
    const text = '(Start) April 2022 (Completion March 2023)';
    expect(parsePlanDates(text)).toEqual({
      start: { text: 'April 2022', date: '2022-04-01', parse: 'PARSED' },
      due: { text, date: '2023-03-31', parse: 'PARSED' },
    });
  });

  it('reads "Start: …, completion: …" and a range the same way', () => {
    expect(parsePlanDates('Start: Sept 2022, completion: 2023/24').start).toEqual({
      text: 'Sept 2022',
      date: '2022-09-01',
      parse: 'PARSED',
    });
    expect(parsePlanDates('April 2022 to March 2023')).toEqual({
      start: { text: 'April 2022', date: '2022-04-01', parse: 'PARSED' },
      due: { text: 'April 2022 to March 2023', date: '2023-03-31', parse: 'PARSED' },
    });
  });

  it('gives only a due date for a cell naming one date, and nothing for an empty cell', () => {
    expect(parsePlanDates('2021/22')).toEqual({
      start: { text: null, date: null, parse: 'NONE' },
      due: { text: '2021/22', date: '2022-03-31', parse: 'PARSED' },
    });
    expect(parsePlanDates(null).due.parse).toBe('NONE');
  });

  it('keeps an unreadable start as text, flagged', () => {
    expect(parsePlanDates('(Start) when funded (Completion March 2025)')).toEqual({
      start: { text: 'when funded', date: null, parse: 'UNPARSED' },
      due: { text: '(Start) when funded (Completion March 2025)', date: '2025-03-31', parse: 'PARSED' },
    });
  });
});
