import {
  type ReturnAnswers,
  checkRequired,
  defaultReturnTemplate,
  evaluateRules,
} from '@waymark/return-template';
import { readDocx } from '../../../test/support/docx';
import { type AnnualReportInput, buildAnnualReport } from './annual-report.document';
import { DEFAULT_SUPPRESSION_POLICY } from './suppression';

const template = defaultReturnTemplate();
const NOT_COLLECTED = { notCollected: true as const };

const answers: ReturnAnswers = {
  // Second stage is never answered; other emergency accommodation is not collected; specialist is 0.
  Q01_BEDSPACES: {
    refuge: 24,
    'specialist-safe': 0,
    dispersed: 12,
    'sanctuary-scheme': 40,
    'emergency-other': NOT_COLLECTED,
  },
  Q01_BEDSPACES_TOTAL: { '': 76 },
  Q04_INDIVIDUALS_TOTAL: { '': 412 },
  // 3 men is small: the 169 children are withheld with it, or 412 − 240 would give the men away.
  Q04_INDIVIDUALS_BY_GROUP: { women: 240, men: 3, 'trans-adults': 0, children: 169 },
  Q06_HOUSEHOLDS_STOPPED: { '': 2 },
  Q08_STRATEGY_PUBLISHED: { '': true },
  Q08_STRATEGY_PUBLISHED_ON: { '': '2024-05-01' },
  Q03_SUPPORT_COMMISSIONED: { 'advocacy,refuge': true, 'advocacy,dispersed': false },
  Q09_ALLOCATION: { '': 250000.5 },
};

const lastYear: ReturnAnswers = {
  Q04_INDIVIDUALS_TOTAL: { '': 380 },
  Q01_BEDSPACES: { refuge: 20, dispersed: 10, 'sanctuary-scheme': 35, 'specialist-safe': 0 },
  Q04_INDIVIDUALS_BY_GROUP: { women: 200, men: 10, 'trans-adults': 0, children: 170 },
  Q09_ALLOCATION: { '': 240000 },
};

// Last year's template had no 'by and for' services question.
const lastTemplate = {
  ...template,
  financialYear: '2024-25',
  sections: template.sections.map((section) => ({
    ...section,
    questions: section.questions.filter((q) => q.key !== 'Q02_BY_AND_FOR_SERVICES'),
  })),
};

function input(overrides: Partial<AnnualReportInput> = {}): AnnualReportInput {
  const results = [...evaluateRules(template, answers, lastYear), ...checkRequired(template, answers)];
  return {
    partnership: { name: 'Testshire County Council', gssCode: 'E10000099' },
    year: { financialYear: '2025-26', template, answers },
    lastYear: { financialYear: '2024-25', template: lastTemplate, answers: lastYear },
    results,
    explanations: {},
    policy: DEFAULT_SUPPRESSION_POLICY,
    status: { state: 'draft' },
    generatedAt: '2026-05-01T10:00:00Z',
    ...overrides,
  };
}

async function report(overrides: Partial<AnnualReportInput> = {}) {
  return readDocx(await buildAnnualReport(input(overrides)));
}

/** The table whose header row begins with `first`, as rows by their first cell. */
function tableOf(doc: Awaited<ReturnType<typeof report>>, first: string): Record<string, string[]> {
  const found = doc.tables.find((t) => t[0][0] === first);
  if (!found) throw new Error(`No table headed ${first}`);
  return Object.fromEntries(found.map((row) => [row[0], row.slice(1)]));
}

describe('annual report document', () => {
  it('has a title page with the status, OFFICIAL in the header and page numbers in the footer', async () => {
    const doc = await report();
    expect(doc.styled).toContainEqual(['Title', 'Testshire County Council']);
    expect(doc.paragraphs).toEqual(
      expect.arrayContaining([
        'Domestic abuse safe accommodation: annual report 2025-26',
        'Reporting period: 1 April 2025 to 31 March 2026',
        'Status: Draft: not approved',
        'Produced by Waymark on 1 May 2026',
      ]),
    );
    expect(doc.headers).toEqual(['OFFICIAL']);
    expect(doc.footers[0]).toMatch(
      /^OFFICIAL · Testshire County Council annual report 2025-26 \(draft\) · Page \{PAGE\} of \{NUMPAGES\}$/,
    );

    const approved = await report({
      status: { state: 'approved', version: 2, approvedAt: '2026-06-03T09:00:00Z' },
    });
    expect(approved.paragraphs).toContain('Status: Approved version 2, approved on 3 June 2026');
    expect(approved.footers[0]).not.toContain('draft');
  });

  it('says the headline of each section in plain English, beside last year', async () => {
    const doc = await report();
    expect(doc.paragraphs).toEqual(
      expect.arrayContaining([
        'Individuals supported in safe accommodation during the year (deduplicated): 412, up from 380 in 2024-25.',
        'Grant allocation for the year (£): £250,000.50, up from £240,000 in 2024-25.',
        'Households that stopped receiving support during the year: fewer than 5 (2024-25: Not provided).',
        "Number of 'by and for' services commissioned: Not provided (not asked in 2024-25).",
      ]),
    );
    // One heading per section of the template, in order.
    expect(doc.styled.filter(([style]) => style === 'Heading1').map(([, text]) => text)).toEqual([
      'Summary',
      ...template.sections.map((s) => `${s.number}. ${s.title}`),
      'Checks on the figures',
    ]);
  });

  it('tells blank, not collected and 0 apart, with last year and the change beside each', async () => {
    const bedspaces = tableOf(await report(), template.codeLists['accommodation-types'].label);
    expect(bedspaces['Safe accommodation types (SI 2021/991 reg 2(5))']).toEqual([
      '2025-26',
      '2024-25',
      'Change',
    ]);
    expect(bedspaces['Refuge accommodation']).toEqual(['24', '20', '+4 (+20%)']);
    expect(bedspaces['Specialist safe accommodation']).toEqual(['0', '0', 'No change']);
    expect(bedspaces['Second stage accommodation']).toEqual(['Not provided', 'Not provided', '']);
    expect(bedspaces['Other accommodation designated as domestic abuse emergency accommodation']).toEqual([
      'Not collected',
      'Not provided',
      '',
    ]);
  });

  it('suppresses small numbers, and the count that would give them away, in tables, text and charts', async () => {
    const doc = await report();
    const groups = tableOf(doc, 'People supported');
    expect(groups).toMatchObject({
      Women: ['240', '200', '+40 (+20%)'],
      Men: ['fewer than 5', '10', 'Not shown'],
      'Trans adults': ['0', '0', 'No change'],
      Children: ['withheld', '170', 'Not shown'],
    });
    // The total is shown: less the women and trans adults it gives only the men and children together.
    expect(groups.Total).toEqual(['412', '380', '+32 (+8%)']);
    const all = [...doc.paragraphs, ...doc.tables.flat(2), ...doc.images.map((i) => i.description)].join(
      '\n',
    );
    expect(all).not.toMatch(/\b169\b/);
    const chart = doc.images.find((i) => i.title.includes('by women, men, trans adults and children'))!;
    expect(chart.description).toContain('Men: fewer than 5 (not plotted) 2025-26, 10 2024-25');
    expect(chart.description).toContain('Children: withheld (not plotted) 2025-26, 170 2024-25');
    expect(doc.paragraphs).toContain(
      'Not plotted, to protect small numbers: Men (2025-26): fewer than 5; Children (2025-26): withheld.',
    );

    // The coordinator's own words and threshold; or none at all.
    const own = tableOf(
      await report({ policy: { suppressBelow: 10, replaceWith: 'under 10' } }),
      'People supported',
    );
    expect(own.Men).toEqual(['under 10', '10', 'Not shown']);
    const off = tableOf(await report({ policy: { suppressBelow: 0, replaceWith: '' } }), 'People supported');
    expect(off.Men).toEqual(['3', '10', '−7 (−70%)']);
    expect(off.Total).toEqual(['412', '380', '+32 (+8%)']);
  });

  it("follows the template's sums across questions: a total asked apart from its parts", async () => {
    // Stopped 20 = sanctuary 3 + other 17 (a rule of the template): 17 is withheld, or 20 − 17 gives the 3 away.
    const stopped = {
      Q06_HOUSEHOLDS_STOPPED: { '': 20 },
      Q06_STOPPED_SANCTUARY: { '': 3 },
      Q06_STOPPED_NON_SANCTUARY: { '': 17 },
    };
    const doc = await report({
      year: { financialYear: '2025-26', template, answers: { ...answers, ...stopped } },
    });
    const figures = doc.tables.filter((t) => t[0][0] === 'Figure').flatMap((t) => t.slice(1));
    const row = (label: string) => figures.find((r) => r[0] === label)!.slice(1, 2);
    expect(row('Households that stopped receiving support during the year')).toEqual(['20']);
    expect(row('Of which: sanctuary schemes')).toEqual(['fewer than 5']);
    expect(row('Of which: other safe accommodation (non-sanctuary)')).toEqual(['withheld']);
  });

  it('draws the charts as pictures with alt text', async () => {
    const { images } = await report();
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const image of images) {
      expect(image.content.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      expect(image.title).toMatch(/^Figure \d+: /);
      expect(image.description).toMatch(/^Bar chart: /);
    }
    const bedspaces = images.find((i) => i.title.startsWith('Figure 1: Commissioned bedspaces'))!;
    expect(bedspaces.description).toContain('Refuge accommodation: 24 2025-26, 20 2024-25');
    expect(bedspaces.description).toContain(
      'Second stage accommodation: Not provided 2025-26, Not provided 2024-25',
    );
  });

  it('writes other answers as sentences and grids as lists, and lists the checks with explanations', async () => {
    const explained = evaluateRules(template, { ...answers, Q04_INDIVIDUALS_TOTAL: { '': 900 } }, lastYear);
    const doc = await report({
      results: explained,
      explanations: { 'individuals-year-on-year': 'A second refuge opened in May' },
    });
    expect(doc.paragraphs).toEqual(
      expect.arrayContaining([
        'Is the strategy published? Yes (2024-25: Not provided)',
        'Date the current strategy was published 1 May 2024 (2024-25: Not provided)',
      ]),
    );
    const support = tableOf(doc, template.codeLists['support-types'].label);
    const advocacy = Object.entries(support).find(([label]) => label.startsWith('Advocacy'))![1];
    expect(advocacy[0].split('\n')).toEqual([
      'Yes: Refuge accommodation',
      'No: Dispersed accommodation',
      'Not provided: the other 4',
    ]);
    expect(advocacy[1]).toBe('Not provided');
    const warnings = tableOf(doc, 'Check');
    const change = explained.find((r) => r.key === 'individuals-year-on-year')!;
    expect(warnings[change.message]).toEqual(['A second refuge opened in May']);
  });

  it('says when there is no last year, and refuses a template of another year', async () => {
    const doc = await report({ lastYear: undefined });
    expect(doc.paragraphs).toContain('There is no return for last year in Waymark to compare with.');
    expect(tableOf(doc, 'People supported').Women).toEqual(['240']);
    await expect(
      buildAnnualReport(input({ year: { financialYear: '2026-27', template, answers } })),
    ).rejects.toThrow('The template is for 2025-26, not 2026-27');
  });
});
