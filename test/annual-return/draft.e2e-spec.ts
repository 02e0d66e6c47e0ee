// The annual return over the admin API, on real PostgreSQL: opened on the year's template (the one Waymark
// ships, or one a coordinator loads), figures recorded cell by cell with provenance and revisions, every rule
// of the template checked as they arrive; bad input refused with its path named and nothing written.
import { stringify } from 'yaml';
import { defaultReturnTemplate } from '@waymark/return-template';
import { httpAs } from '../support/auth';
import { binary } from '../support/binary';
import { createPartnership } from '../support/fixtures';
import { readOoxml } from '../support/ooxml';
import { waymarkSuite } from '../support/suite';

type Result = { key: string; outcome: string };

describe('annual return draft', () => {
  const suite = waymarkSuite();
  const http = () => suite.http();
  const outcome = (results: Result[], key: string) => results.find((r) => r.key === key)?.outcome;

  it('opens the year on the shipped template, records figures with provenance and checks them', async () => {
    const opened = (await http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
    expect(opened).toMatchObject({ opened: true, state: 'DRAFT', template: { version: 1 } });
    expect(opened.figures.every((f: { source: string }) => f.source === 'waymark')).toBe(true);
    expect(opened.problems.errors).toBeGreaterThan(0); // mandatory questions unanswered
    expect(outcome(opened.results, 'individuals-by-group')).toBe('not-evaluable');
    const again = (await http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
    expect(again).toMatchObject({ id: opened.id, opened: false });

    // A sum that does not add up fails; the revised figure passes. Blank is never zero.
    const groups = { women: 60, men: 5, 'trans-adults': 1, children: 40 };
    const put = (answers: object, note?: string) =>
      http()
        .put(`/api/returns/${opened.id}/figures`)
        .send({ answers, ...(note ? { note } : {}) });
    const first = (
      await put({ Q04_INDIVIDUALS_TOTAL: { '': 100 }, Q04_INDIVIDUALS_BY_GROUP: groups }).expect(200)
    ).body;
    expect(outcome(first.results, 'individuals-by-group')).toBe('fail');
    const fixed = (
      await put({ Q04_INDIVIDUALS_TOTAL: { '': 106 } }, 'Refuge North sent a corrected total').expect(200)
    ).body;
    expect(outcome(fixed.results, 'individuals-by-group')).toBe('pass');
    expect(
      fixed.figures.find((f: { questionKey: string }) => f.questionKey === 'Q04_INDIVIDUALS_TOTAL'),
    ).toMatchObject({
      value: 106,
      revision: 2,
      source: 'coordinator',
      enteredBy: suite.caller.userId,
      note: 'Refuge North sent a corrected total',
    });
    const notCollected = (await put({ Q04_WITH_CHARACTERISTIC: { '': { notCollected: true } } }).expect(200))
      .body;
    expect(notCollected.answers.Q04_WITH_CHARACTERISTIC).toEqual({ '': { notCollected: true } });
    expect(outcome(notCollected.results, 'characteristic-within-total')).toBe('not-evaluable');

    // The workbook: a cover, each section as its sheet, the checks and every figure's provenance.
    const download = await http()
      .get(`/api/returns/${opened.id}/workbook`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Part4_Return_${suite.fixture.partnership.gssCode}_2025-26.xlsx"`,
    );
    const workbook = await readOoxml(download.body as Buffer);
    const sections = defaultReturnTemplate().sections.map((section) => section.sheetName);
    expect(workbook.sheetNames).toEqual([
      '00_Cover',
      ...sections,
      '10_Validation',
      '11_DataQualityNotes',
      '12_Provenance',
      '13_CodeLists',
    ]);
    const values = (sheet: string) =>
      Array.from({ length: 400 }, (_, i) =>
        Object.values(workbook.sheet(sheet).row(i + 1)).map((c) => c.value),
      ).flat();
    expect(values(sections[3])).toContain(106);
    const user = await suite.waymark.prisma.user.findUniqueOrThrow({ where: { id: suite.caller.userId } });
    expect(values('12_Provenance')).toEqual(
      expect.arrayContaining([106, 'Coordinator', user.name, 'Waymark']),
    );
    expect(values('11_DataQualityNotes')).toContain('Refuge North sent a corrected total');

    // Every revision is kept, and each recording is audited as the coordinator.
    const revisions = await suite.waymark.prisma.returnFigure.findMany({
      where: { returnId: opened.id, questionKey: 'Q04_INDIVIDUALS_TOTAL' },
      orderBy: { revision: 'asc' },
    });
    expect(revisions.map((r) => r.value)).toEqual([100, 106]);
    const events = await suite.waymark.prisma.auditEvent.findMany({
      where: { entityId: opened.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.event, e.actorId])).toEqual([
      ['annual-return.opened', suite.caller.userId],
      ['annual-return.figures-recorded', suite.caller.userId],
      ['annual-return.figures-recorded', suite.caller.userId],
      ['annual-return.figures-recorded', suite.caller.userId],
    ]);
  });

  it("opens with what Waymark's records answer: the strategy, its review clock, the board, the actions", async () => {
    const { prisma } = suite.waymark;
    // A partnership of its own, whose 2025-26 return is not open yet.
    const partnershipId = (await createPartnership(prisma)).partnership.id;
    const http = await httpAs(suite.waymark, partnershipId);
    const strategy = (
      await http
        .post('/api/strategies')
        .send({
          title: 'Domestic abuse strategy 2022-2025',
          periodStart: '2022-01-01',
          periodEnd: '2024-12-31',
          firstPublishedOn: '2022-01-05',
        })
        .expect(201)
    ).body;
    await http
      .post(`/api/strategies/${strategy.id}/publications`)
      .send({
        publishedOn: '2025-02-10',
        kind: 'ALTERED',
        url: 'https://council.example.org/da-strategy-2025',
      })
      .expect(201);
    const board = await prisma.board.create({ data: { partnershipId, name: 'DA Local Partnership Board' } });
    for (const category of ['HEALTH', 'HEALTH', 'POLICING_CRIMINAL_JUSTICE'] as const) {
      const contact = await prisma.contact.create({
        data: {
          partnershipId,
          name: `Member ${category}`,
          email: `${category}.${Math.random()}@example.org`,
        },
      });
      await prisma.boardMember.create({ data: { boardId: board.id, contactId: contact.id, category } });
    }
    for (const meetsOn of ['2025-06-12', '2025-12-04', '2026-04-16'])
      await prisma.boardMeeting.create({ data: { boardId: board.id, meetsOn: new Date(meetsOn) } });
    for (const [ref, status] of [
      ['A1', 'COMPLETE'],
      ['A2', 'ON_TRACK'],
      ['A3', 'ON_TRACK'],
    ] as const)
      await prisma.action.create({
        data: { partnershipId, strategyId: strategy.id, ref, title: ref, text: ref, status },
      });

    const opened = (await http.post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
    const held = (questionKey: string, cellKey = '') =>
      opened.figures.find(
        (f: { questionKey: string; cellKey: string }) =>
          f.questionKey === questionKey && f.cellKey === cellKey,
      );
    expect(held('Q08_STRATEGY_PUBLISHED')).toMatchObject({
      value: true,
      source: 'waymark',
      enteredBy: 'waymark',
    });
    expect(held('Q08_STRATEGY_PUBLISHED_ON').value).toBe('2025-02-10');
    expect(held('Q08_STRATEGY_URL').value).toBe('https://council.example.org/da-strategy-2025');
    // Reviewed in its second window (5 January 2025 to 4 January 2028): the next is due by 4 January 2031.
    expect(held('Q08_STRATEGY_REVIEW_DUE').value).toBe('2031-01-04');
    expect(held('Q08_BOARD_APPOINTED').value).toBe(true);
    expect(held('Q08_BOARD_MEMBERS', 'health').value).toBe(2);
    expect(held('Q08_BOARD_MEMBERS', 'policing-justice').value).toBe(1);
    expect(held('Q08_BOARD_MEMBERS', 'victims').value).toBe(0);
    expect(held('Q08_BOARD_MEETINGS').value).toBe(2);
    expect(held('Q08_ACTIONS_PROGRESS').value).toBe('3 actions: 2 on track, 1 complete');
  });

  it('opens one return when two coordinators open the year at the same moment', async () => {
    const partnershipId = (await createPartnership(suite.waymark.prisma)).partnership.id;
    const [first, second] = await Promise.all([
      httpAs(suite.waymark, partnershipId),
      httpAs(suite.waymark, partnershipId),
    ]);
    const opened = await Promise.all(
      [first, second, first].map((http) =>
        http.post('/api/returns').send({ financialYear: '2025-26' }).expect(201),
      ),
    );
    expect(new Set(opened.map((res) => res.body.id)).size).toBe(1);
    expect(opened.filter((res) => res.body.opened)).toHaveLength(1);
    expect(await suite.waymark.prisma.returnTemplateVersion.count({ where: { partnershipId } })).toBe(1);
  });

  it('takes an explanation for each failing warning, and only for warnings', async () => {
    const partnershipId = (await createPartnership(suite.waymark.prisma)).partnership.id;
    const http = await httpAs(suite.waymark, partnershipId);
    const { id } = (await http.post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
    const low = {
      Q04_INDIVIDUALS_TOTAL: { '': 100 },
      Q04_INDIVIDUALS_BY_GROUP: { women: 85, men: 5, 'trans-adults': 0, children: 10 },
    };
    const draft = (await http.put(`/api/returns/${id}/figures`).send({ answers: low }).expect(200)).body;
    expect(outcome(draft.results, 'children-share')).toBe('fail');
    const unexplained = draft.problems.unexplainedWarnings;
    expect(unexplained).toBeGreaterThan(0);

    const refused = await http
      .put(`/api/returns/${id}/explanations`)
      .send({
        explanations: {
          'children-share': 'Refuge North has no family rooms',
          'individuals-by-group': 'x'.repeat(5),
        },
      })
      .expect(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'explanations.individuals-by-group',
    ]);
    expect(await suite.waymark.prisma.returnExplanation.count({ where: { returnId: id } })).toBe(0);

    const explained = (
      await http
        .put(`/api/returns/${id}/explanations`)
        .send({ explanations: { 'children-share': 'Refuge North has no family rooms this year' } })
        .expect(200)
    ).body;
    expect(explained.explanations['children-share'].text).toBe('Refuge North has no family rooms this year');
    expect(explained.problems.unexplainedWarnings).toBe(unexplained - 1);
  });

  it('refuses figures that do not fit the template, naming the path, and writes nothing', async () => {
    const { id } = (await http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
    const count = () => suite.waymark.prisma.returnFigure.count({ where: { returnId: id } });
    const before = await count();
    const refused = async (answers: object, field: string) => {
      const res = await http().put(`/api/returns/${id}/figures`).send({ answers }).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await refused({ Q99_NOT_A_QUESTION: { '': 1 } }, 'answers.Q99_NOT_A_QUESTION');
    await refused({ Q04_INDIVIDUALS_BY_GROUP: { aliens: 3 } }, 'answers.Q04_INDIVIDUALS_BY_GROUP.aliens');
    await refused({ Q04_INDIVIDUALS_TOTAL: { '': -4 } }, 'answers.Q04_INDIVIDUALS_TOTAL.');
    await http().put(`/api/returns/${id}/figures`).send({ answers: {} }).expect(422);
    expect(await count()).toBe(before);
    await http().post('/api/returns').send({ financialYear: '2025-27' }).expect(400);
    const noTemplate = await http().post('/api/returns').send({ financialYear: '2031-32' }).expect(422);
    expect(noTemplate.body.errors[0].field).toBe('financialYear');
  });

  it("loads a new year's template as a new version, naming each problem of a bad one", async () => {
    const shipped = defaultReturnTemplate();
    const next = {
      ...shipped,
      financialYear: '2026-27',
      title: 'Part 4 annual return 2026-27',
      sections: shipped.sections.map((s, i) =>
        i === 0
          ? {
              ...s,
              questions: [
                ...s.questions,
                {
                  ...s.questions[0],
                  key: 'Q01_NEW_QUESTION',
                  label: 'A question new in 2026-27',
                  dimensions: [],
                },
              ],
            }
          : s,
      ),
    };
    const loaded = (await http().post('/api/return-templates').send(next).expect(201)).body;
    expect(loaded).toMatchObject({ financialYear: '2026-27', version: 1, loadedBy: suite.caller.userId });
    const corrected = (
      await http()
        .post('/api/return-templates')
        .send({ ...next, title: 'Corrected' })
        .expect(201)
    ).body;
    expect(corrected.version).toBe(2);
    const opened = (await http().post('/api/returns').send({ financialYear: '2026-27' }).expect(201)).body;
    expect(opened.template).toMatchObject({ id: corrected.id, version: 2 });
    // Last year's return stays on its own template.
    const last = (await http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
    expect(last.template.version).toBe(1);
    expect(last.template.id).not.toBe(corrected.id);

    const bad = { ...next, sections: [{ ...next.sections[0], sheetName: 'Bad/Name', questions: [] }] };
    const res = await http().post('/api/return-templates').send(bad).expect(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['sections.0.sheetName']),
    );
    expect(
      (await http().get('/api/return-templates').expect(200)).body.map((t: { version: number }) => t.version),
    ).toEqual(expect.arrayContaining([1, 2]));
    await http()
      .get(`/api/return-templates/${loaded.id}`)
      .expect(200)
      .expect((r) => expect(r.body.content.financialYear).toBe('2026-27'));
  });

  it("fills a question a KPI answers with the KPI's value for the year, its code and revision as provenance", async () => {
    const { prisma } = suite.waymark;
    const partnershipId = (await createPartnership(prisma)).partnership.id;
    const http = await httpAs(suite.waymark, partnershipId);
    const shipped = defaultReturnTemplate();
    const withKpi = {
      ...shipped,
      sections: shipped.sections.map((s) => ({
        ...s,
        questions: s.questions.map((q) =>
          q.key === 'Q04_INDIVIDUALS_TOTAL' ? { ...q, source: 'kpi', kpi: 'SA-SUPPORTED' } : q,
        ),
      })),
    };
    await http.post('/api/return-templates').send(withKpi).expect(201);
    const kpi = (
      await http
        .post('/api/kpis')
        .send({
          code: 'SA-SUPPORTED',
          name: 'People supported in safe accommodation',
          unit: 'COUNT',
          frequency: 'FINANCIAL_YEAR',
        })
        .expect(201)
    ).body;
    await http.post(`/api/kpis/${kpi.id}/values`).send({ periodKey: '2025-26', value: 90 }).expect(201);
    await http
      .post(`/api/kpis/${kpi.id}/values`)
      .send({ periodKey: '2025-26', value: 96, reason: 'Late referrals counted' })
      .expect(201);

    const opened = (await http.post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
    expect(
      opened.figures.find((f: { questionKey: string }) => f.questionKey === 'Q04_INDIVIDUALS_TOTAL'),
    ).toMatchObject({
      value: 96,
      source: 'kpi',
      enteredBy: 'waymark',
      note: 'KPI SA-SUPPORTED, 2025-26 (revision 2)',
    });
  });

  it('loads a template sent as YAML, refusing a bad one with its path and line and storing nothing', async () => {
    const { prisma } = suite.waymark;
    const partnershipId = (await createPartnership(prisma)).partnership.id;
    const http = await httpAs(suite.waymark, partnershipId);
    const template = { ...defaultReturnTemplate(), financialYear: '2027-28', title: 'Part 4 return 2027-28' };
    const yaml = `# The department's 2027-28 template, written by hand in YAML\n${stringify(template)}`;
    const post = (body: string, type: string) =>
      http.post('/api/return-templates').set('content-type', type).send(body);

    const loaded = (await post(yaml, 'application/yaml').expect(201)).body;
    expect(loaded).toMatchObject({ financialYear: '2027-28', version: 1, title: 'Part 4 return 2027-28' });
    const stored = (await http.get(`/api/return-templates/${loaded.id}`).expect(200)).body;
    expect(stored.content).toEqual(template);
    // The same template as JSON is the same document: the next version, with the same hash.
    const asJson = (await http.post('/api/return-templates').send(template).expect(201)).body;
    expect(asJson).toMatchObject({ version: 2, sha256: loaded.sha256 });
    expect((await post(yaml, 'text/yaml; charset=utf-8').expect(201)).body.version).toBe(3);

    const versions = () => prisma.returnTemplateVersion.count({ where: { partnershipId } });
    const loads = () =>
      prisma.auditEvent.count({ where: { partnershipId, event: 'return-template.loaded' } });
    const before = { versions: await versions(), loads: await loads() };
    expect(before).toEqual({ versions: 3, loads: 3 });

    // A sheet name Excel refuses: the same path as in JSON, with its line and column in the YAML.
    const badSheet = yaml.replace('sheetName: 01_Accommodation', 'sheetName: 01/Accommodation');
    const line = badSheet.split('\n').findIndex((l) => l.includes('01/Accommodation')) + 1;
    const refused = (await post(badSheet, 'application/yaml').expect(422)).body;
    expect(refused.errors).toEqual([
      {
        field: 'sections.0.sheetName',
        message: 'a sheet name may not contain : \\ / ? * [ ]',
        line,
        column: badSheet.split('\n')[line - 1].indexOf('01/') + 1,
      },
    ]);
    // A duplicate key, and YAML that does not parse: the document, with the line.
    const duplicate = yaml.replace(
      'title: Part 4 return 2027-28\n',
      'title: Part 4 return 2027-28\ntitle: Again\n',
    );
    const twice = (await post(duplicate, 'application/yaml').expect(422)).body;
    expect(twice.errors).toEqual([
      {
        field: '(document)',
        message: expect.stringContaining('Map keys must be unique'),
        line: duplicate.split('\n').indexOf('title: Again') + 1,
        column: 1,
      },
    ]);
    const broken = (await post(`${yaml}rules: [\n`, 'application/yaml').expect(422)).body;
    expect(broken.errors[0]).toMatchObject({ field: '(document)', line: expect.any(Number) });
    // Too large, and neither JSON nor YAML.
    await post(`${yaml}# ${'x'.repeat(1024 * 1024)}\n`, 'application/yaml').expect(413);
    const plain = (await post(yaml, 'text/plain').expect(415)).body;
    expect(plain.detail).toContain('application/yaml');
    expect({ versions: await versions(), loads: await loads() }).toEqual(before);
  });
});
