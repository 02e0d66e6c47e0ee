import { canonicalJson, contentHash } from './return-content';

describe('the canonical JSON a frozen return is hashed by', () => {
  it('sorts every object’s keys, keeps arrays in order and drops undefined', () => {
    const value = { b: [3, { y: 1, x: null }], a: 'é "quoted"', c: undefined, d: { notCollected: true } };
    expect(canonicalJson(value)).toBe(
      '{"a":"é \\"quoted\\"","b":[3,{"x":null,"y":1}],"d":{"notCollected":true}}',
    );
  });

  it('gives the same hash whatever the order the keys come in (as PostgreSQL jsonb returns them)', () => {
    const written = { version: 1, figures: [{ questionKey: 'Q04', value: 106 }], reason: null };
    const readBack = JSON.parse('{"reason":null,"figures":[{"value":106,"questionKey":"Q04"}],"version":1}');
    expect(contentHash(readBack)).toBe(contentHash(written));
    expect(contentHash({ ...written, version: 2 })).not.toBe(contentHash(written));
    expect(contentHash(written)).toMatch(/^[0-9a-f]{64}$/);
  });
});
