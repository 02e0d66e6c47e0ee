// KPI recomputation at scale: 2,000 KPIs (1,500 entered, 500 derived in chains up to five deep) over
// 36 monthly periods. Measures a full recompute against the incremental recompute after one input
// changes (only what depends on it), in the same run, and checks that both agree.
import { kpiPeriodAt, monthNumber } from '@waymark/calendar';
import {
  type ChangedInput,
  KpiGraph,
  KpiValueTable,
  ReferenceTable,
  kpiDefinition,
  recompute,
  recomputeAll,
  recorded,
} from '@waymark/kpi';
import { seededRandom } from './random';

const INPUTS = 1500;
const DERIVED_PER_LEVEL = 100;
const LEVELS = 5;
const PERIODS = 36;
const CHANGES = 200;

const code = (prefix: string, n: number) => `${prefix}-${String(n).padStart(4, '0')}`;
const value = (v: number) => recorded(v, 'bench', { status: 'CONFIRMED' });

function buildGraph(rand: () => number): KpiGraph {
  const pick = (n: number) => Math.floor(rand() * n);
  const definitions = Array.from({ length: INPUTS }, (_, i) =>
    kpiDefinition({ code: code('IN', i), unit: 'COUNT', frequency: 'MONTHLY' }),
  );
  for (let level = 1; level <= LEVELS; level += 1) {
    for (let i = 0; i < DERIVED_PER_LEVEL; i += 1) {
      const a = code('IN', pick(INPUTS));
      const b = code('IN', pick(INPUTS));
      // Level 1 reads inputs; each deeper level reads one KPI of the level above, so chains are five deep.
      const upper = level === 1 ? code('IN', pick(INPUTS)) : code(`D${level - 1}`, pick(DERIVED_PER_LEVEL));
      const formula =
        i % 2 === 0 ? `({${upper}} + {${a}}) / ({${b}} + 1) * 100` : `{${upper}} + {${a}} - {${b}}`;
      definitions.push(
        kpiDefinition({ code: code(`D${level}`, i), unit: 'COUNT', frequency: 'MONTHLY', formula }),
      );
    }
  }
  return new KpiGraph(definitions);
}

function loadInputs(rand: () => number, periodKeys: string[]): KpiValueTable {
  const values = new KpiValueTable();
  for (let i = 0; i < INPUTS; i += 1) {
    for (const key of periodKeys) values.set(code('IN', i), key, value(Math.floor(rand() * 1000)));
  }
  return values;
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export default async function kpiRecomputeBench(): Promise<void> {
  const rand = seededRandom(20261123);
  const periodKeys = Array.from(
    { length: PERIODS },
    (_, i) => kpiPeriodAt('MONTHLY', monthNumber(2024, 4) + i).key,
  );
  const graph = buildGraph(rand);
  const references = new ReferenceTable();
  const values = loadInputs(rand, periodKeys);

  let start = process.hrtime.bigint();
  const full = recomputeAll(graph, values, references);
  const fullMs = ms(start);

  let incrementalMs = 0;
  let recomputedValues = 0;
  for (let n = 0; n < CHANGES; n += 1) {
    const change: ChangedInput = {
      kind: 'kpi',
      code: code('IN', Math.floor(rand() * INPUTS)),
      periodKey: periodKeys[Math.floor(rand() * PERIODS)],
    };
    values.set(change.code, change.periodKey, value(Math.floor(rand() * 1000)));
    start = process.hrtime.bigint();
    recomputedValues += recompute(graph, values, references, [change]).length;
    incrementalMs += ms(start);
  }
  // The incremental recomputes must leave nothing for a full recompute to correct.
  start = process.hrtime.bigint();
  const leftOver = recomputeAll(graph, values, references);
  const fullAgainMs = ms(start);
  if (leftOver.length > 0) throw new Error(`Incremental recompute missed ${leftOver.length} values`);

  const perChange = incrementalMs / CHANGES;
  const fullMean = (fullMs + fullAgainMs) / 2;
  console.log(
    `KPIs: ${INPUTS} entered + ${DERIVED_PER_LEVEL * LEVELS} derived (chains ${LEVELS} deep), ${PERIODS} monthly periods`,
  );
  console.log(
    `full recompute: ${fullMean.toFixed(1)} ms (${full.length} derived values computed; ${fullMs.toFixed(1)} and ${fullAgainMs.toFixed(1)} ms)`,
  );
  console.log(
    `one input changed: ${perChange.toFixed(3)} ms on average over ${CHANGES} changes ` +
      `(${(recomputedValues / CHANGES).toFixed(1)} derived values changed per change)`,
  );
  console.log(`ratio full / incremental: ${(fullMean / perChange).toFixed(0)}×`);
}
