// Scenario: corrections are kept as revisions; a second source's different figure is flagged, not taken.
import {
  type IncomingValue,
  KpiGraph,
  KpiValueTable,
  type RecordedValue,
  ReferenceTable,
  decideRevision,
  kpiDefinition,
  recompute,
  recorded,
} from '..';

const accepted: RecordedValue = recorded(7522, 'West Midlands Police');
const incoming = (changes: Partial<IncomingValue>): IncomingValue => ({
  ...accepted,
  reason: null,
  settles: false,
  ...changes,
});

describe('scenario: revisions and conflicting sources', () => {
  it('writes nothing for the same figure again, so a retried submission is harmless', () => {
    expect(decideRevision(accepted, incoming({}))).toBe('unchanged');
    expect(decideRevision(undefined, incoming({}))).toBe('new');
  });

  it('keeps confirming a provisional figure as a revision', () => {
    expect(decideRevision(accepted, incoming({ status: 'CONFIRMED' }))).toBe('revision');
  });

  it('asks why when the same source changes its figure, and takes it with a reason', () => {
    expect(decideRevision(accepted, incoming({ value: 7530 }))).toBe('needs-reason');
    expect(decideRevision(accepted, incoming({ value: 7530, reason: 'Late-recorded crimes added' }))).toBe(
      'revision',
    );
    expect(
      decideRevision(accepted, incoming({ value: 7530, source: ' west midlands police ', reason: 'x' })),
    ).toBe('revision');
  });

  it('flags a different figure from another source, once, until a coordinator settles it', () => {
    const other = incoming({ value: 10_008, source: 'WMP episodes extract' });
    expect(decideRevision(accepted, other)).toBe('conflict');
    const flagged = { ...accepted, openConflict: { value: 10_008, source: 'WMP episodes extract' } };
    expect(decideRevision(flagged, other)).toBe('unchanged');
    expect(decideRevision(flagged, { ...other, value: 10_009 })).toBe('conflict');
    expect(
      decideRevision(flagged, { ...other, reason: 'Board agreed to report episodes', settles: true }),
    ).toBe('revision');
    // Keeping the accepted figure settles it too: recorded again, so the conflict closes.
    expect(decideRevision(flagged, incoming({ reason: 'The police figure stands', settles: true }))).toBe(
      'revision',
    );
    expect(decideRevision(accepted, incoming({ reason: 'Nothing to settle', settles: true }))).toBe(
      'unchanged',
    );
  });

  it('recomputes a derived KPI after a revision, and flags a published figure the inputs contradict', () => {
    const graph = new KpiGraph([
      kpiDefinition({ code: 'CASES', unit: 'COUNT', frequency: 'FINANCIAL_YEAR' }),
      kpiDefinition({ code: 'REPEATS', unit: 'COUNT', frequency: 'FINANCIAL_YEAR' }),
      kpiDefinition({
        code: 'RATE',
        unit: 'PERCENTAGE',
        frequency: 'FINANCIAL_YEAR',
        formula: '{REPEATS} / {CASES} * 100',
      }),
    ]);
    const values = new KpiValueTable();
    const marac = (value: number) => ({ ...accepted, value, source: 'MARAC' });
    // 2020-21: only the published rate is held; 2021-22: the counts.
    values.set('RATE', '2020-21', { ...marac(38), source: 'Strategy 2021-2024' });
    values.set('CASES', '2021-22', marac(400));
    values.set('REPEATS', '2021-22', marac(150));
    const refs = new ReferenceTable();
    recompute(graph, values, refs, [{ kind: 'kpi', code: 'CASES', periodKey: '2021-22' }]);
    expect(values.get('RATE', '2021-22')?.value).toBe(37.5);

    values.set('REPEATS', '2021-22', marac(160));
    const [revised] = recompute(graph, values, refs, [
      { kind: 'kpi', code: 'REPEATS', periodKey: '2021-22' },
    ]);
    expect(revised).toMatchObject({
      decision: 'revision',
      before: 37.5,
      value: { value: 40, reason: 'Recomputed from its inputs' },
    });

    values.set('CASES', '2020-21', marac(400));
    values.set('REPEATS', '2020-21', marac(160));
    const [conflict] = recompute(graph, values, refs, [
      { kind: 'kpi', code: 'REPEATS', periodKey: '2020-21' },
    ]);
    expect(conflict).toMatchObject({
      decision: 'conflict',
      before: 38,
      value: { value: 40, source: 'formula' },
    });
    expect(values.get('RATE', '2020-21')).toMatchObject({
      value: 38,
      openConflict: { value: 40, source: 'formula' },
    });
    expect(recompute(graph, values, refs, [{ kind: 'kpi', code: 'CASES', periodKey: '2020-21' }])).toEqual(
      [],
    );
  });
});
