import { partnershipTitle } from './template-environment';

describe('partnershipTitle', () => {
  it('names a partnership by its place, or by its whole name when it has one', () => {
    expect(partnershipTitle('Testshire')).toBe('Testshire Domestic Abuse Partnership');
    expect(partnershipTitle('Sandwell Domestic Abuse Partnership')).toBe(
      'Sandwell Domestic Abuse Partnership',
    );
    expect(partnershipTitle('Safer Testshire Partnership ')).toBe('Safer Testshire Partnership');
  });
});
