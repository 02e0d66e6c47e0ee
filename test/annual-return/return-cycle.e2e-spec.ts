// The year's return as its workflow runs it, on real PostgreSQL, Temporal and SMTP with the timeline in
// seconds: three providers asked in one email each for their services' figures; one answers by the form
// (a partial save first, then a revision that fixes a sum), one by replying to the email, one never does
// and is chased and escalated; the figures are summed into the return with each provider's part; the
// coordinator is told when the draft is ready, explains a warning and sends it for sign-off; the signatory
// returns it, then approves it; a late correction is taken in by an amendment as version 2; the coordinator
// is reminded of the deadline once, and the workflow ends when the submission is recorded.
import request from 'supertest';
import { londonIsoDate } from '@waymark/calendar';
import { defaultReturnTemplate } from '@waymark/return-template';
import type { CaughtMessage } from '@waymark/devstack';
import { SmtpListener } from '@waymark/inbound-mail';
import { annualReturnWorkflowId } from '@waymark/workflows';
import { binary } from '../support/binary';
import { readDocx } from '../support/docx';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { waymarkSuite } from '../support/suite';
import { inboundEnv, sendToListener } from '../inbound/inbound-support';
import { approvableAnswers, signOffLink } from './sign-off-fixtures';

const LADDER = {
  requestBefore: { seconds: 30 },
  gatherFor: { seconds: 1 },
  reminders: [{ seconds: -12 }],
  escalations: [
    { after: { seconds: 4 }, to: 'manager' },
    { after: { seconds: 8 }, to: 'coordinator' },
  ],
  quietHours: null,
  weeklyNudgeCap: 20,
};

type Figure = { questionKey: string; cellKey: string; value: unknown; source: string; breakdown?: unknown };

describe('the annual return workflow', () => {
  const suite = waymarkSuite(inboundEnv);
  const http = () => suite.http();

  it('asks each provider once, chases the silent one, sums what comes, and follows sign-off to the submission', async () => {
    const { catcher, waymark, fixture } = suite;
    const { prisma } = waymark;
    const partnershipId = fixture.partnership.id;
    await prisma.strategy.update({ where: { id: fixture.strategy.id }, data: { chasePolicy: LADDER } });
    const tag = partnershipId.slice(0, 8);
    const provider = async (name: string, mailbox: string, type: string) => {
      const organisation = await prisma.organisation.create({
        data: { partnershipId, name: `${name} Housing`, kind: 'CHARITY' },
      });
      const manager = await prisma.contact.create({
        data: {
          partnershipId,
          organisationId: organisation.id,
          name: `${name} Manager`,
          email: `${mailbox}-boss+${tag}@example.org`,
        },
      });
      const contact = await prisma.contact.create({
        data: {
          partnershipId,
          organisationId: organisation.id,
          name: `${name} Data`,
          email: `${mailbox}+${tag}@example.org`,
          managerId: manager.id,
        },
      });
      await http()
        .post('/api/safe-accommodation-services')
        .send({
          name: `${name} ${type.toLowerCase()}`,
          providerOrganisationId: organisation.id,
          accommodationType: type,
          byAndFor: false,
          specialistGroups: [],
          supportTypes: [],
          dataContactId: contact.id,
          contractStart: '2024-04-01',
          contractEnd: null,
          capacities: [],
          qualityStandards: [],
        })
        .expect(201);
      return { organisation, manager, contact };
    };
    const oak = await provider('Oak', 'oak', 'REFUGE');
    const elm = await provider('Elm', 'elm', 'DISPERSED');
    const ash = await provider('Ash', 'ash', 'REFUGE');

    const opened = (await http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
    const respondBy = new Date(Date.now() + 20_000).toISOString();
    const started = (
      await http().post(`/api/returns/${opened.id}/collection`).send({ respondBy }).expect(201)
    ).body;
    expect(started).toMatchObject({
      started: true,
      workflowId: annualReturnWorkflowId(partnershipId, '2025-26'),
    });
    const again = (await http().post(`/api/returns/${opened.id}/collection`).send({ respondBy }).expect(201))
      .body;
    expect(again.started).toBe(false);

    const to = (address: string) => (m: CaughtMessage) => m.to.includes(address);
    const tokenIn = (m: CaughtMessage) => (m.text ?? '').match(/\/p\/([A-Za-z0-9_-]{43})/)![1];
    const oakRequest = await catcher.waitFor(to(oak.contact.email), 60_000);
    expect(oakRequest.subject).toBe('Figures needed for the 2025-26 safe accommodation return');
    expect(oakRequest.text).toContain('Oak refuge (Oak Housing)');
    expect(oakRequest.text).toContain('Q01_BEDSPACES[refuge]:');
    expect(oakRequest.text).not.toContain('Q01_BEDSPACES[dispersed]');
    expect(oakRequest.text).toMatch(/not include personal information about victims/i);
    const elmRequest = await catcher.waitFor(to(elm.contact.email), 60_000);
    expect(elmRequest.text).toContain('Q01_BEDSPACES[dispersed]:');

    // Oak saves part of the form first: kept, but nothing reaches the return until it is sent.
    const oakToken = tokenIn(oakRequest);
    const form = (await http().get(`/p/${oakToken}`).expect(200)).text;
    expect(form).toContain('Figures for the 2025-26 safe accommodation return');
    expect(form).toContain('name="cell:Q04_INDIVIDUALS_TOTAL:"');
    const cell = (key: string, code = '') => `cell:${key}:${code}`;
    const oakFigures = {
      [cell('Q04_INDIVIDUALS_TOTAL')]: '40',
      [cell('Q04_INDIVIDUALS_BY_GROUP', 'women')]: '22',
      [cell('Q04_INDIVIDUALS_BY_GROUP', 'men')]: '0',
      [cell('Q04_INDIVIDUALS_BY_GROUP', 'trans-adults')]: '0',
      [cell('Q04_INDIVIDUALS_BY_GROUP', 'children')]: '16',
      [cell('Q01_BEDSPACES', 'refuge')]: '12',
    };
    const saved = await http()
      .post(`/p/${oakToken}`)
      .type('form')
      .send({ ...oakFigures, 'not-recorded:Q05_UNABLE_INSTANCES': 'yes', action: 'save' })
      .expect(200);
    expect(saved.text).toContain('Saved. Nothing goes to the council');
    const draftAfterSave = (await http().get(`/api/returns/${opened.id}`).expect(200)).body;
    expect(draftAfterSave.answers.Q04_INDIVIDUALS_TOTAL).toBeUndefined();

    // A figure that cannot be read is named, and nothing is kept.
    const refused = await http()
      .post(`/p/${oakToken}`)
      .type('form')
      .send({ ...oakFigures, [cell('Q01_BEDSPACES', 'refuge')]: 'twelve', action: 'send' })
      .expect(400);
    expect(refused.text).toContain('Q01_BEDSPACES[refuge] (Refuge accommodation): Enter a whole number');

    await http()
      .post(`/p/${oakToken}`)
      .type('form')
      .send({ ...oakFigures, 'not-recorded:Q05_UNABLE_INSTANCES': 'yes', action: 'send' })
      .expect(303);
    // Elm replies to the email instead, through Waymark's own SMTP listener; the confirmation comes back.
    const elmToken = tokenIn(elmRequest);
    await sendToListener(waymark.api.get(SmtpListener).port, {
      from: elm.contact.email,
      to: elmRequest.replyTo[0],
      subject: `Re: ${elmRequest.subject}`,
      messageId: `<elm-1-${tag}@elm.example.org>`,
      text: [
        'Hello,',
        '',
        'Q04_INDIVIDUALS_TOTAL: 10',
        'Q04_INDIVIDUALS_BY_GROUP[women]: 10',
        'Q04_INDIVIDUALS_BY_GROUP[men]: 0',
        'Q04_INDIVIDUALS_BY_GROUP[trans-adults]: 0',
        'Q04_INDIVIDUALS_BY_GROUP[children]: 0',
        'Q01_BEDSPACES[dispersed]: 5',
        '',
        'Elm Data',
      ].join('\n'),
    });
    const confirmed = await catcher.waitFor(
      (m) => to(elm.contact.email)(m) && m.subject.startsWith('Recorded'),
      60_000,
    );
    expect(confirmed.text).toContain('Q01_BEDSPACES[dispersed]');
    // Temporal is up: the workflow was told of both answers at once (by the form and by email), and
    // housekeeping has nothing to tell it again.
    await eventually(async () => {
      for (const { contact } of [oak, elm])
        expect(
          (await prisma.providerReturnRequest.findFirstOrThrow({ where: { dataContactId: contact.id } }))
            .signalledAt,
        ).not.toBeNull();
    });

    // Summed, each provider's part kept; Oak's groups do not add up (22 + 16 ≠ 40), so the sum fails.
    const summed = (await http().get(`/api/returns/${opened.id}`).expect(200)).body;
    const figure = (draft: { figures: Figure[] }, key: string, cellKey = '') =>
      draft.figures.find((f) => f.questionKey === key && f.cellKey === cellKey);
    expect(figure(summed, 'Q04_INDIVIDUALS_TOTAL')).toMatchObject({
      value: 50,
      source: 'providers',
      note: '2 of 3 providers asked have answered',
      breakdown: [
        { providerName: 'Ash Housing', value: null },
        { providerName: 'Elm Housing', value: 10 },
        { providerName: 'Oak Housing', value: 40 },
      ],
    });
    expect(figure(summed, 'Q01_BEDSPACES', 'refuge')).toMatchObject({ value: 12 });
    expect(figure(summed, 'Q01_BEDSPACES', 'dispersed')).toMatchObject({ value: 5 });
    expect(summed.answers.Q05_UNABLE_INSTANCES).toEqual({ '': { notCollected: true } });
    const result = (draft: { results: Array<{ key: string; outcome: string }> }, key: string) =>
      draft.results.find((r) => r.key === key)?.outcome;
    expect(result(summed, 'individuals-by-group')).toBe('fail');

    // Oak corrects its figure through the same link: a revision, and the sum passes.
    await http()
      .post(`/p/${oakToken}`)
      .type('form')
      .send({ ...oakFigures, [cell('Q04_INDIVIDUALS_TOTAL')]: '38', action: 'send' })
      .expect(303);
    const fixed = (await http().get(`/api/returns/${opened.id}`).expect(200)).body;
    expect(figure(fixed, 'Q04_INDIVIDUALS_TOTAL')).toMatchObject({ value: 48, revision: 3 });
    expect(result(fixed, 'individuals-by-group')).toBe('pass');

    // Ash never answers: reminded, then their manager and the coordinator are told; at the deadline the
    // coordinator hears the draft is ready, once.
    const ready = await catcher.waitFor(
      (m) => to(fixture.partnership.coordinatorEmail)(m) && m.subject.includes('draft ready'),
      90_000,
    );
    expect(ready.text).toContain("the providers' deadline has passed");
    expect(ready.text).toContain('Ash Housing: no answer');
    expect(ready.text).toContain('Oak Housing: answered');
    await eventually(async () => {
      const state = (await http().get(`/api/returns/${opened.id}/collection`).expect(200)).body;
      expect(state.workflow.phase).toBe('drafted');
      expect(state.requests.map((r: { provider: string; state: string }) => [r.provider, r.state])).toEqual(
        expect.arrayContaining([
          ['Oak Housing', 'ANSWERED'],
          ['Elm Housing', 'ANSWERED'],
          ['Ash Housing', 'EXPIRED'],
        ]),
      );
    }, 60_000);
    const subjects = (address: string) =>
      catcher
        .messages()
        .filter(to(address))
        .map((m) => m.subject);
    expect(subjects(ash.contact.email)).toEqual([
      'Figures needed for the 2025-26 safe accommodation return',
      'Reminder: figures needed for the 2025-26 safe accommodation return',
    ]);
    expect(subjects(oak.contact.email)).toEqual(['Figures needed for the 2025-26 safe accommodation return']);
    // Ash's request was chased three times (the reminder, then the manager and the coordinator escalated to);
    // Oak, who answered at once, never.
    const chased = (await http().get(`/api/returns/${opened.id}/collection`).expect(200)).body.requests;
    expect(chased.map((r: { provider: string; chased: number }) => [r.provider, r.chased])).toEqual(
      expect.arrayContaining([
        ['Oak Housing', 0],
        ['Ash Housing', 3],
      ]),
    );
    await eventually(async () => {
      expect(subjects(ash.manager.email)).toEqual(['No 2025-26 return figures from Ash Housing']);
      expect(subjects(fixture.partnership.coordinatorEmail)).toEqual(
        expect.arrayContaining(['No 2025-26 return figures from Ash Housing']),
      );
    }, 30_000);
    expect(subjects(oak.manager.email)).toEqual([]);
    expect(
      subjects(fixture.partnership.coordinatorEmail).filter((s) => s.includes('draft ready')),
    ).toHaveLength(1);

    // The partial save, the sends and the revision are all kept, nothing overwritten.
    const oakSubmissions = await prisma.providerSubmission.findMany({
      where: { request: { dataContactId: oak.contact.id } },
      orderBy: { revision: 'asc' },
    });
    expect(oakSubmissions.map((s) => [s.revision, s.sent, s.channel])).toEqual([
      [1, false, 'form'],
      [2, true, 'form'],
      [3, true, 'form'],
    ]);

    // The coordinator answers the rest (what no provider gives is "not collected" here) and explains the
    // warning: children are 16 of 48 supported, far from the usual share.
    const rest = approvableAnswers();
    for (const [key, cells] of Object.entries(fixed.answers as Record<string, object>))
      for (const cellKey of Object.keys(cells)) delete rest[key]?.[cellKey];
    // The board's records lack some of the s.58(2) categories; the coordinator gives the members now seated.
    rest.Q08_BOARD_MEMBERS = Object.fromEntries(
      defaultReturnTemplate().codeLists['board-categories'].codes.map((c) => [c.code, 1]),
    );
    const completed = (
      await http().put(`/api/returns/${opened.id}/figures`).send({ answers: rest }).expect(200)
    ).body;
    const failing = (completed.results as Array<{ key: string; outcome: string }>).filter(
      (r) => r.outcome === 'fail',
    );
    expect(failing.map((r) => r.key)).toEqual(['children-share']);
    expect(completed.problems).toMatchObject({ errors: 0, unexplainedWarnings: 1 });
    expect(result(completed, 'children-share')).toBe('fail');
    const explained = (
      await http()
        .put(`/api/returns/${opened.id}/explanations`)
        .send({ explanations: { 'children-share': 'Elm Housing took no families this year' } })
        .expect(200)
    ).body;
    expect(explained.problems.unexplainedWarnings).toBe(0);

    // Sign-off: the signatory returns it with comments, then approves it; version 1 is frozen.
    const page = () => request(waymark.api.getHttpServer());
    const signatory = { name: 'Pat Fictional', email: `pat+${tag}@council.example.org` };
    const askSignatory = async (nth: number) => {
      await http().post(`/api/returns/${opened.id}/approval`).send({ signatory }).expect(201);
      return eventually(async () => {
        const asks = catcher.messages().filter(to(signatory.email));
        expect(asks).toHaveLength(nth);
        return signOffLink(asks[nth - 1]).token;
      }, 30_000);
    };
    const firstAsk = await askSignatory(1);
    await page()
      .post(`/sign-off/${firstAsk}/return`)
      .type('form')
      .send({ comments: 'Please check the dispersed bedspaces with Elm.' })
      .expect(303);
    expect((await http().get(`/api/returns/${opened.id}`).expect(200)).body.state).toBe('DRAFT');
    const secondAsk = await askSignatory(2);
    await page().post(`/sign-off/${secondAsk}/approve`).type('form').send({ confirm: 'yes' }).expect(303);
    const versions = () => http().get(`/api/returns/${opened.id}/versions`).expect(200);
    const [first] = (await versions()).body;
    expect(first).toMatchObject({ version: 1, reason: null, approvedBy: { name: signatory.name } });
    await eventually(async () => {
      const state = (await http().get(`/api/returns/${opened.id}/collection`).expect(200)).body;
      expect(state.workflow.phase).toBe('approved');
    }, 30_000);

    // A late correction from Elm waits while the return is frozen; the amendment takes it in as version 2.
    await http()
      .post(`/p/${elmToken}`)
      .type('form')
      .send({ [cell('Q01_BEDSPACES', 'dispersed')]: '6', action: 'send' })
      .expect(303);
    expect(
      figure((await http().get(`/api/returns/${opened.id}`).expect(200)).body, 'Q01_BEDSPACES', 'dispersed'),
    ).toMatchObject({ value: 5 });
    await http()
      .post(`/api/returns/${opened.id}/amendments`)
      .send({ reason: 'Elm Housing corrected its dispersed bedspaces' })
      .expect(201);
    await http()
      .post(`/p/${elmToken}`)
      .type('form')
      .send({ [cell('Q01_BEDSPACES', 'dispersed')]: '6', action: 'send' })
      .expect(303);
    expect(
      figure((await http().get(`/api/returns/${opened.id}`).expect(200)).body, 'Q01_BEDSPACES', 'dispersed'),
    ).toMatchObject({ value: 6, source: 'providers' });
    const thirdAsk = await askSignatory(3);
    await page().post(`/sign-off/${thirdAsk}/approve`).type('form').send({ confirm: 'yes' }).expect(303);
    const [v1, v2] = (await versions()).body;
    expect(v1).toEqual(first);
    expect(v2).toMatchObject({ version: 2, reason: 'Elm Housing corrected its dispersed bedspaces' });
    expect(v2.sha256).not.toBe(v1.sha256);

    // Both documents of version 1 come from what was frozen, not from today's figures.
    const report = await http()
      .get(`/api/returns/${opened.id}/versions/1/report`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const document = await readDocx(report.body as Buffer);
    expect(document.paragraphs.join('\n')).toContain('Approved version 1');
    const bedspaces = document.tables.flat().find((row) => row[0]?.startsWith('Dispersed'));
    expect(bedspaces?.[1]).toBe('5');

    // The deadline is today: the workflow reminds the coordinator once, and ends when the submission is recorded.
    const today = londonIsoDate(new Date());
    await http().put(`/api/returns/${opened.id}/submission-deadline`).send({ deadline: today }).expect(200);
    const reminder = await catcher.waitFor(
      (m) => to(fixture.partnership.coordinatorEmail)(m) && /not yet recorded as sent/.test(m.subject),
      60_000,
    );
    expect(reminder.text).toMatch(/not include personal information/i);
    await http()
      .put(`/api/returns/${opened.id}/submission`)
      .send({ sentOn: today, reference: 'DLUHC-2025-26-TEST' })
      .expect(200);
    const final = await eventually(async () => {
      const state = (await http().get(`/api/returns/${opened.id}/collection`).expect(200)).body;
      expect(state.workflow.phase).toBe('submitted');
      return state.workflow;
    }, 30_000);
    expect(final.reminded).toEqual([`day-before-${today}`]);
    expect(catcher.messages().filter((m) => m.subject === reminder.subject)).toHaveLength(1);

    await recordHistory(
      waymark.config.TEMPORAL_ADDRESS,
      annualReturnWorkflowId(partnershipId, '2025-26'),
      'annual-return-submitted',
    );
  });
});
