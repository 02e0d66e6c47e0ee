import fc from 'fast-check';
import { type CellAnswer, type ReturnAnswers, answersSchemaFor } from './answers';
import { defaultReturnTemplate } from './default-template';
import {
  type ProviderAnswers,
  combineProviderAnswers,
  providerCells,
  templateCode,
} from './provider-answers';
import { returnTemplateSchema } from './template';

const template = defaultReturnTemplate();
const NOT_COLLECTED = { notCollected: true } as const;

function provider(id: string, types: string[], answers: ReturnAnswers | null): ProviderAnswers {
  return { providerId: id, providerName: `Provider ${id}`, asked: providerCells(template, types), answers };
}

function cell(providers: ProviderAnswers[], questionKey: string, key = '') {
  return combineProviderAnswers(template, providers).find(
    (c) => c.questionKey === questionKey && c.cellKey === key,
  );
}

describe('providerCells', () => {
  it("asks a provider only the accommodation types of its services, and every providers' question", () => {
    const asked = providerCells(template, ['refuge']);
    expect(asked.Q01_BEDSPACES).toEqual(['refuge']);
    expect(asked.Q04_INDIVIDUALS_BY_TYPE).toEqual(
      template.codeLists['person-groups'].codes.map((c) => `refuge,${c.code}`),
    );
    expect(asked.Q04_INDIVIDUALS_TOTAL).toEqual(['']);
    expect(Object.keys(asked)).not.toContain('Q09_SPEND');
    expect(Object.keys(asked)).not.toContain('Q08_STRATEGY_URL');
  });

  it('leaves out a question broken down by type when none of the types is the provider’s', () => {
    const asked = providerCells(template, []);
    expect(asked.Q01_BEDSPACES).toBeUndefined();
    expect(asked.Q01_BEDSPACES_TOTAL).toEqual(['']);
  });

  it('reads the register’s codes as template codes', () => {
    expect(templateCode('SECOND_STAGE')).toBe('second-stage');
    expect(templateCode('REFUGE')).toBe('refuge');
  });
});

describe('combineProviderAnswers', () => {
  it('sums counts, keeps each provider’s figure, and says whether everyone asked answered', () => {
    const a = provider('a', ['refuge'], { Q04_INDIVIDUALS_TOTAL: { '': 40 } });
    const b = provider('b', ['dispersed'], { Q04_INDIVIDUALS_TOTAL: { '': 2 } });
    const c = provider('c', ['refuge'], null);
    expect(cell([a, b, c], 'Q04_INDIVIDUALS_TOTAL')).toEqual({
      questionKey: 'Q04_INDIVIDUALS_TOTAL',
      cellKey: '',
      value: 42,
      complete: false,
      from: [
        { providerId: 'a', providerName: 'Provider a', value: 40 },
        { providerId: 'b', providerName: 'Provider b', value: 2 },
        { providerId: 'c', providerName: 'Provider c', value: null },
      ],
    });
    expect(cell([a, b], 'Q04_INDIVIDUALS_TOTAL')?.complete).toBe(true);
  });

  it('never makes a blank into zero: unanswered cells are left out, "not collected" stays so', () => {
    const a = provider('a', ['refuge'], { Q05_UNABLE_INSTANCES: { '': NOT_COLLECTED } });
    const b = provider('b', ['refuge'], {});
    expect(cell([a, b], 'Q05_UNABLE_INSTANCES')?.value).toEqual(NOT_COLLECTED);
    expect(cell([b], 'Q05_UNABLE_INSTANCES')).toBeUndefined();
    expect(
      cell([a, provider('c', ['refuge'], { Q05_UNABLE_INSTANCES: { '': 0 } })], 'Q05_UNABLE_INSTANCES'),
    ).toMatchObject({ value: 0, complete: true });
  });

  it('asks and sums a cell broken down by type only of the providers of that type', () => {
    const a = provider('a', ['refuge'], { Q01_BEDSPACES: { refuge: 12 } });
    const b = provider('b', ['refuge', 'dispersed'], { Q01_BEDSPACES: { refuge: 3, dispersed: 8 } });
    expect(cell([a, b], 'Q01_BEDSPACES', 'refuge')?.value).toBe(15);
    expect(cell([a, b], 'Q01_BEDSPACES', 'dispersed')).toMatchObject({ value: 8, complete: true });
    expect(cell([a, b], 'Q01_BEDSPACES', 'dispersed')?.from.map((f) => f.providerId)).toEqual(['b']);
  });

  it('combines yes/no: any yes is yes by default; all must say yes where the template says so', () => {
    const yes = { Q02_BY_AND_FOR: { '': true }, Q07_ANNEX_B_MET: { [annexB()]: true } };
    const no = { Q02_BY_AND_FOR: { '': false }, Q07_ANNEX_B_MET: { [annexB()]: false } };
    const a = provider('a', ['refuge'], yes);
    const b = provider('b', ['refuge'], no);
    const silent = provider('c', ['refuge'], null);
    expect(cell([a, b], 'Q02_BY_AND_FOR')?.value).toBe(true);
    expect(cell([b, b], 'Q02_BY_AND_FOR')?.value).toBe(false);
    expect(cell([b, silent], 'Q02_BY_AND_FOR')).toBeUndefined();
    expect(cell([a, silent], 'Q02_BY_AND_FOR')?.value).toBe(true);
    expect(cell([a, b], 'Q07_ANNEX_B_MET', annexB())?.value).toBe(false);
    expect(cell([a, a], 'Q07_ANNEX_B_MET', annexB())?.value).toBe(true);
    expect(cell([a, silent], 'Q07_ANNEX_B_MET', annexB())).toBeUndefined();
  });

  it('sums money to the penny', () => {
    const money = structuredClone(template);
    const question = money.sections[0].questions[1];
    Object.assign(question, { type: 'money' });
    const parsed = returnTemplateSchema.parse(money);
    const providers = [0.1, 0.2].map((value, i) => ({
      providerId: `p${i}`,
      providerName: `P${i}`,
      asked: { [question.key]: [''] },
      answers: { [question.key]: { '': value } },
    }));
    expect(combineProviderAnswers(parsed, providers)[0].value).toBe(0.3);
  });

  it('makes only answers that fit the template, for any answers providers give', () => {
    const types = template.codeLists['accommodation-types'].codes.map((c) => c.code);
    const answer: fc.Arbitrary<CellAnswer> = fc.oneof(
      fc.nat({ max: 500 }),
      fc.boolean(),
      fc.constant(NOT_COLLECTED),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.subarray(types), fc.boolean(), fc.integer({ min: 0, max: 2 ** 31 })), {
          maxLength: 5,
        }),
        fc.array(answer, { minLength: 200, maxLength: 200 }),
        (shapes, pool) => {
          const providers = shapes.map(([kinds, answered, seed], index) => {
            const asked = providerCells(template, kinds);
            const answers: ReturnAnswers = {};
            let n = seed;
            for (const [key, cells] of Object.entries(asked))
              for (const c of cells) {
                n = (n * 1103515245 + 12345) % 2 ** 31;
                const value = pool[n % pool.length];
                if (fitting(key, value)) (answers[key] ??= {})[c] = value;
              }
            return {
              providerId: `p${index}`,
              providerName: `P${index}`,
              asked,
              answers: answered ? answers : null,
            };
          });
          const combined: ReturnAnswers = {};
          for (const c of combineProviderAnswers(template, providers))
            (combined[c.questionKey] ??= {})[c.cellKey] = c.value;
          expect(answersSchemaFor(template).safeParse(combined).success).toBe(true);
        },
      ),
    );
  });
});

function annexB(): string {
  return template.codeLists['annex-b-headings'].codes[0].code;
}

/** Whether an answer is of the type of the question (as the provider form makes sure). */
function fitting(questionKey: string, value: CellAnswer): boolean {
  const question = template.sections.flatMap((s) => s.questions).find((q) => q.key === questionKey)!;
  if (typeof value === 'object') return true;
  return question.type === 'yes-no' ? typeof value === 'boolean' : typeof value === 'number';
}
