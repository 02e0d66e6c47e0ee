import { parseUkDate } from './uk-date';

describe('British dates', () => {
  it.each([
    ['31/3/2027', '2027-03-31'],
    ['31/03/27', '2027-03-31'],
    ['31-03-2027', '2027-03-31'],
    ['31.3.2027', '2027-03-31'],
    ['31 March 2027', '2027-03-31'],
    ['31st Mar 2027', '2027-03-31'],
    ['1 Sept 2027', '2027-09-01'],
    ['March 2027', '2027-03-31'],
    ['end of February 2028', '2028-02-29'],
    ['2027-03-31', '2027-03-31'],
  ])('reads %s', (text, iso) => expect(parseUkDate(text)).toBe(iso));

  it.each(['3/31/2027', '31 Smarch 2027', '30/2/2027', 'soon', ''])('refuses %s', (text) =>
    expect(parseUkDate(text)).toBeNull(),
  );
});
