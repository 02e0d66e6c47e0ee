// The plan corpus (test/fixtures/plans/plan-corpus.ts): the three councils' plans in their published layouts
// and generated variants of each, imported with no mapping through POST /api/strategies/:id/import on the
// real API and PostgreSQL. Every variant must give the same actions as its clean form.
import { NestExpressApplication } from '@nestjs/platform-express';
import { PrismaService } from '@waymark/db';
import type { ImportReport } from '@waymark/plan-import';
import { PUBLISHED_PLANS, PublishedPlan, cleanForm, planVariants } from '../fixtures/plans/plan-corpus';
import { createPlanPartnership } from '../fixtures/plans/plan-partnership';
import { authed, createCaller } from '../support/auth';
import { apiOnly } from '../support/waymark';

describe('the plan corpus: every layout of a plan imports to the same actions', () => {
  let api: NestExpressApplication;
  let prisma: PrismaService;

  beforeAll(async () => {
    ({ api, prisma } = await apiOnly());
  });

  afterAll(async () => {
    await api?.close();
  });

  /** Imports the file, with no mapping, into a partnership of its own; returns the report and the plan made. */
  async function importAlone(plan: PublishedPlan, content: Buffer) {
    const { partnership, strategy } = await createPlanPartnership(prisma, plan.organisations);
    const http = authed(api.getHttpServer(), await createCaller(prisma, partnership.id));
    const res = await http.post(`/api/strategies/${strategy.id}/import`).attach('file', content, 'plan');
    expect({ status: res.status, detail: res.body.detail }).toEqual({ status: 200, detail: undefined });
    const report: ImportReport = res.body;
    const actions = await prisma.action.findMany({
      where: { strategyId: strategy.id },
      include: { priority: true, leadOrganisations: { include: { organisation: true } } },
      orderBy: { ref: 'asc' },
    });
    const priorities = await prisma.priority.findMany({
      where: { strategyId: strategy.id },
      orderBy: { position: 'asc' },
    });
    return {
      report,
      priorities: priorities.map((p) => `${p.ref} ${p.title}`),
      actions: actions.map((a) => ({
        ref: a.ref,
        title: a.title,
        text: a.text,
        priority: a.priority ? `${a.priority.ref} ${a.priority.title}` : null,
        leads: a.leadOrganisations.map((l) => l.organisation.name).sort(),
        leadText: a.leadText,
        supportingText: a.supportingText,
        measureText: a.measureText,
        dueDate: a.dueDate?.toISOString().slice(0, 10) ?? null,
        dueDateText: a.dueDateText,
        dueDateParse: a.dueDateParse,
        startDate: a.startDate?.toISOString().slice(0, 10) ?? null,
        startDateText: a.startDateText,
      })),
    };
  }

  describe.each(PUBLISHED_PLANS.map((p) => [p.description, p] as const))('%s', (_description, plan) => {
    let clean: Awaited<ReturnType<typeof importAlone>>;

    beforeAll(async () => {
      clean = await importAlone(plan, await cleanForm(plan));
    });

    it('imports in its published layout', () => {
      expect(clean.actions).toHaveLength(plan.expected.actions);
      expect(clean.priorities).toHaveLength(plan.expected.priorities);
      expect(clean.report.summary).toMatchObject({ errors: 0, created: plan.expected.actions });
      expect(clean.actions.every((a) => a.priority !== null)).toBe(true);
    });

    it.each(planVariants(plan).map((v) => [v.name, v] as const))(
      'imports with %s to the same actions',
      async (_name, variant) => {
        const imported = await importAlone(plan, await variant.build());
        expect(imported.priorities).toEqual(clean.priorities);
        expect(imported.actions).toEqual(clean.actions);
      },
    );
  });
});
