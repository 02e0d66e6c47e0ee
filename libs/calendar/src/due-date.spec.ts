import { parseDueDate } from './due-date';

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
