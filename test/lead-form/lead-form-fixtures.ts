import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportingPeriodAt } from '@waymark/calendar';
import { UpdateRequestsService } from '@waymark/update-requests';
import { addContact } from '../chasing/chasing-fixtures';
import type { WaymarkSuite } from '../support/suite';

/** The evidence fixtures: a real PDF and PNG, and a Windows program named "…pdf". */
export const evidenceFixture = (name: string) =>
  readFileSync(join(__dirname, '..', 'fixtures', 'evidence', name));

/**
 * An action with an open update request for this quarter (opened directly, without a workflow) and the
 * KPIs linked to it: one the lead owns, one with no data owner, one another contact owns and one
 * derived; only the first two are asked of the lead. Returns the request and its secure link's token.
 */
export async function openLeadRequest(suite: WaymarkSuite, ref: string) {
  const { prisma } = suite.waymark;
  const { partnership, strategy, lead } = suite.fixture;
  const action = await prisma.action.create({
    data: {
      partnershipId: partnership.id,
      strategyId: strategy.id,
      ref,
      title: 'Train frontline staff in coercive control',
      text: 'Train every frontline team in recognising coercive control.',
      leadContactId: lead.id,
      status: 'ON_TRACK',
    },
  });
  const analyst = await addContact(prisma, suite.fixture, 'Ali Analyst', 'analyst');
  const kpi = (code: string, name: string, unit: 'COUNT' | 'PERCENTAGE', extra: object) =>
    prisma.kpi.create({
      data: {
        partnershipId: partnership.id,
        code: `${ref}-${code}`,
        name,
        unit,
        frequency: 'QUARTERLY',
        ...extra,
      },
    });
  const kpis = await Promise.all([
    kpi('TRAINED', 'Staff trained', 'COUNT', { dataOwnerContactId: lead.id }),
    kpi('SATISFIED', 'Staff rating the training good', 'PERCENTAGE', {}),
    kpi('REFERRALS', 'Referrals from trained staff', 'COUNT', { dataOwnerContactId: analyst.id }),
    kpi('RATIO', 'Referrals per trained officer', 'COUNT', {
      formula: `{${ref}-REFERRALS} / {${ref}-TRAINED}`,
    }),
  ]);
  await prisma.actionKpi.createMany({ data: kpis.map((k) => ({ actionId: action.id, kpiId: k.id })) });

  const requests = suite.waymark.api.get(UpdateRequestsService);
  const period = reportingPeriodAt(new Date(), 'QUARTERLY');
  const { requestId } = await requests.open(action.id, {
    periodKey: period.key,
    deadline: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    periodEnd: period.end,
  });
  const request = await requests.get(requestId);
  const link = requests.linkForRequest(request);
  return { action, request, token: link.slice(link.lastIndexOf('/') + 1), link, kpis, period };
}
