// Consistency of the demo data (no database): every reference resolves, and the people are fictional.
import { kpiPeriod, kpiPeriodDates } from '@waymark/calendar';
import { KpiGraph, checkValue, kpiDefinition } from '@waymark/kpi';
import { defaultReturnTemplate, templateCode } from '@waymark/return-template';
import { boardMeetingDates } from './demo-history';
import { SANDWELL } from './sandwell.data';

const keys = <T>(items: T[], key: (item: T) => string) => items.map(key);
const unique = (values: string[]) => new Set(values).size === values.length;

describe('Sandwell seed data', () => {
  const organisations = new Set(keys(SANDWELL.organisations, (o) => o.key));
  const contacts = new Map(SANDWELL.contacts.map((c) => [c.key, c]));
  const priorities = new Map(SANDWELL.priorities.map((p) => [p.ref, p]));
  const kpis = new Set(keys(SANDWELL.kpis, (k) => k.code));

  it('has unique keys, names, emails and refs', () => {
    expect(unique(keys(SANDWELL.organisations, (o) => o.key))).toBe(true);
    expect(unique(keys(SANDWELL.organisations, (o) => o.name))).toBe(true);
    expect(unique(keys(SANDWELL.contacts, (c) => c.key))).toBe(true);
    expect(unique(keys(SANDWELL.contacts, (c) => c.email))).toBe(true);
    expect(unique(keys(SANDWELL.actions, (a) => a.ref))).toBe(true);
    expect(unique(SANDWELL.priorities.flatMap((p) => p.outcomes.map((o) => o.key)))).toBe(true);
    expect(unique([...kpis])).toBe(true);
  });

  it('has the three themes, all 30 "We will" actions (9 + 8 + 5 + 2 + 6) and the three named KPIs', () => {
    expect(SANDWELL.priorities.map((p) => p.ref)).toEqual(['1', '2', '3']);
    const perGroup = (prefix: string) => SANDWELL.actions.filter((a) => a.ref.startsWith(prefix)).length;
    expect([perGroup('1.'), perGroup('2.'), perGroup('3.1.'), perGroup('3.2.'), perGroup('3.3.')]).toEqual([
      9, 8, 5, 2, 6,
    ]);
    expect(SANDWELL.kpis.map((k) => k.code)).toEqual(
      expect.arrayContaining(['WMP-DA-INCIDENTS', 'MARAC-REPEAT-RATE', 'DA-HOMELESSNESS']),
    );
  });

  it('derives the MARAC repeat rate and the rate per 1,000 from KPIs and figures it holds', () => {
    const graph = new KpiGraph(SANDWELL.kpis.map(kpiDefinition));
    expect(graph.dependentsOf('MARAC-CASES')).toEqual(['MARAC-REPEAT-RATE']);
    expect(graph.dependentsOf('WMP-DA-INCIDENTS')).toEqual(['WMP-DA-INCIDENTS-PER-1000']);
    for (const kpi of SANDWELL.kpis) {
      for (const code of graph.get(kpi.code)?.formula?.referenceCodes ?? []) {
        expect(SANDWELL.referenceFigures.map((r) => r.code)).toContain(code);
      }
    }
    for (const figure of SANDWELL.referenceFigures) expect(figure.source).toMatch(/^ONS, /);
  });

  it('resolves every reference', () => {
    expect(contacts.has(SANDWELL.exampleLead)).toBe(true);
    for (const contact of SANDWELL.contacts) {
      if (contact.organisation !== null) expect(organisations).toContain(contact.organisation);
      if (contact.manager !== undefined) {
        // Managers come first, so that the contacts can be inserted in order.
        const managerIndex = SANDWELL.contacts.findIndex((c) => c.key === contact.manager);
        expect(managerIndex).toBeGreaterThanOrEqual(0);
        expect(managerIndex).toBeLessThan(SANDWELL.contacts.indexOf(contact));
      }
    }
    for (const member of SANDWELL.board.members) expect(contacts.has(member.contact)).toBe(true);
    for (const kpi of SANDWELL.kpis) if (kpi.dataOwner) expect(contacts.has(kpi.dataOwner)).toBe(true);
    for (const action of SANDWELL.actions) {
      const priority = priorities.get(action.priority);
      expect(priority).toBeDefined();
      if (action.outcome) expect(priority?.outcomes.map((o) => o.key)).toContain(action.outcome);
      for (const org of action.leadOrganisations) expect(organisations).toContain(org);
      for (const kpi of action.kpis ?? []) expect(kpis).toContain(kpi);
      if (action.leadContact) {
        const lead = contacts.get(action.leadContact);
        expect(lead).toBeDefined();
        // A named lead works for one of the lead organisations (when the action has any).
        if (action.leadOrganisations.length > 0)
          expect(action.leadOrganisations).toContain(lead?.organisation);
      }
    }
  });

  it('keeps dates as written, with a date only where the text could be parsed', () => {
    for (const action of SANDWELL.actions) {
      expect(action.dueDate !== undefined).toBe(action.dueDateParse === 'PARSED');
      expect(action.dueDateText === undefined).toBe(action.dueDateParse === 'NONE');
      if (action.dueDate) expect(action.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('has KPI values a data owner could have entered, for periods of the KPI', () => {
    for (const kpi of SANDWELL.kpis) {
      for (const value of kpi.values) {
        expect(kpiPeriodDates(kpiPeriod(value.periodKey, kpi.frequency))).toEqual({
          first: value.periodStart,
          last: value.periodEnd,
        });
        expect(
          checkValue({ unit: kpi.unit, value: value.value, note: null, previous: null, jumpTolerance: 1 }),
        ).toEqual([]);
      }
    }
  });

  it('has one chair, and meetings around the day the demo is loaded: two before it, four after, in order', () => {
    expect(SANDWELL.board.members.filter((m) => m.isChair)).toHaveLength(1);
    const meetings = boardMeetingDates(new Date('2026-12-07T12:00:00Z'));
    expect(meetings).toEqual([
      '2026-06-17',
      '2026-09-16',
      '2026-12-16',
      '2027-03-17',
      '2027-06-16',
      '2027-09-15',
    ]);
    // Third Wednesdays of each quarter's last month.
    for (const d of meetings) expect(new Date(`${d}T00:00:00Z`).getUTCDay()).toBe(3);
    expect(boardMeetingDates(new Date('2026-12-16T12:00:00Z'))[2]).toBe('2026-12-16');
  });

  it('holds only fictional people, reachable only on reserved example domains', () => {
    const exampleDomain = /@([a-z0-9-]+\.)*example\.(org|net|com)$/;
    expect(SANDWELL.partnership.coordinatorEmail).toMatch(exampleDomain);
    for (const contact of SANDWELL.contacts) {
      expect(contact.email).toMatch(exampleDomain);
      // The people the strategy itself names (its foreword's signatories) never appear.
      expect(contact.name).not.toMatch(/Piper|Davey/i);
    }
  });

  it("names services whose provider, data contact and codes are the template's", () => {
    const lists = defaultReturnTemplate().codeLists;
    const codes = (list: string) => lists[list].codes.map((c) => c.code);
    for (const service of SANDWELL.services) {
      expect(keys(SANDWELL.organisations, (o) => o.key)).toContain(service.provider);
      const contact = SANDWELL.contacts.find((c) => c.key === service.dataContact);
      expect(contact?.organisation).toBe(service.provider);
      expect(codes('accommodation-types')).toContain(templateCode(service.accommodationType));
      for (const group of service.specialistGroups ?? [])
        expect(codes('specialist-characteristics')).toContain(templateCode(group));
    }
  });
});
