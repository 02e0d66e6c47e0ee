// Pure logic of migrate.ts. Applying and diffing against PostgreSQL: test/db/migrate.e2e-spec.ts.
import { forwardEngineLog } from './migrate';

describe('forwardEngineLog', () => {
  const forward = (event: unknown) => {
    const lines: string[] = [];
    forwardEngineLog(typeof event === 'string' ? event : JSON.stringify(event), (line) => lines.push(line));
    return lines;
  };

  it('passes on which migration is being applied, never its SQL', () => {
    const line = forward({
      level: 'INFO',
      fields: { message: 'Applying `20260101000000_init`', script: 'CREATE TABLE "Secret" ();' },
    });
    expect(line).toEqual(['Applying `20260101000000_init`']);
  });

  it('passes on warnings and errors, and drops the engine chatter', () => {
    expect(forward({ level: 'WARN', fields: { message: 'something odd' } })).toEqual(['warn: something odd']);
    expect(forward({ level: 'ERROR', fields: { message: 'it broke' } })).toEqual(['error: it broke']);
    expect(forward({ level: 'INFO', fields: { message: 'Starting schema-engine-wasm' } })).toEqual([]);
    expect(forward({ level: 'INFO', fields: {} })).toEqual([]);
    expect(forward('not json')).toEqual([]);
  });
});
