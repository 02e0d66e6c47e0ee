// A strategy review as its workflow runs it, on real PostgreSQL, Temporal and SMTP with the timeline in
// seconds: four engagement activities (one answered by the form, one by replying to the email, one chased
// and escalated to the contact's manager, one answered late); three gates in order (the board sends the
// draft back with comments and approves it when resubmitted; scrutiny's formal comment recorded by the
// coordinator; cabinet blocked until the equality impact assessment is marked done, then approving with
// conditions); the publication recorded, which closes the window's clock and ends the workflow.
import request from 'supertest';
import type { CaughtMessage } from '@waymark/devstack';
import { SmtpListener } from '@waymark/inbound-mail';
import { TemporalClient } from '@waymark/temporal';
import { strategyReviewWorkflowId } from '@waymark/workflows';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { waymarkSuite } from '../support/suite';
import { PDF, inboundEnv, sendToListener } from '../inbound/inbound-support';

const LADDER = {
  requestBefore: { seconds: 30 },
  gatherFor: { seconds: 1 },
  reminders: [{ seconds: -8 }],
  escalations: [{ after: { seconds: 3 }, to: 'manager' }],
  quietHours: null,
  weeklyNudgeCap: 20,
};

const TOKEN = /\/(e|g)\/([A-Za-z0-9_-]{43})/;

describe('the strategy review workflow', () => {
  const suite = waymarkSuite(inboundEnv);
  const http = () => suite.http();

  it('asks and chases each group once, takes the gates in order, and ends with the publication', async () => {
    const { catcher, waymark, fixture } = suite;
    const { prisma } = waymark;
    const partnershipId = fixture.partnership.id;
    const strategyId = fixture.strategy.id;
    const coordinator = fixture.partnership.coordinatorEmail;
    await prisma.strategy.update({ where: { id: strategyId }, data: { chasePolicy: LADDER } });
    const tag = partnershipId.slice(0, 8);
    const contact = async (name: string, mailbox: string, managerId?: string) =>
      prisma.contact.create({
        data: {
          partnershipId,
          organisationId: fixture.organisation.id,
          name,
          email: `${mailbox}+${tag}@example.org`,
          ...(managerId ? { managerId } : {}),
        },
      });
    const forumManager = await contact('Pat Forum-Manager', 'forum-boss');
    const forum = await contact('Alex Forum', 'forum');
    const police = await contact('Robin Police', 'police');
    const health = await contact('Kim Health', 'health', forumManager.id);
    const housing = await contact('Lee Housing', 'housing');
    const chair = await contact('Cllr Board Chair', 'chair');
    const cabinet = await contact('Cllr Cabinet Member', 'cabinet');

    // The plan: stages done by their dates up to the approval stage, which its three gates close.
    const review = (
      await http()
        .post(`/api/strategies/${strategyId}/reviews`)
        .send({ title: 'Strategy review 2028' })
        .expect(201)
    ).body;
    const base = `/api/reviews/${review.id}`;
    const stages = [
      ['evidence', 'Evidence', '2026-09-01', '2026-10-31'],
      ['engagement', 'Engagement', '2026-10-01', '2026-11-30'],
      ['approval', 'Approval', '2026-12-01', '2027-02-28'],
      ['publication', 'Publication', '2027-03-01', '2027-03-31'],
    ];
    for (const [key, name, startsOn, endsOn] of stages)
      await http().post(`${base}/stages`).send({ key, name, startsOn, endsOn }).expect(201);
    const activities = [
      ['E1', "Survivors' forum", forum.id, ['What helped you most?', 'What was missing?']],
      ['E2', 'Police', police.id, ['What should change in the response to repeat victims?']],
      ['E3', 'Integrated care board', health.id, ['How should health services identify abuse earlier?']],
      ['E4', 'Housing options', housing.id, []],
    ] as const;
    for (const [ref, group, contactId, questions] of activities)
      await http()
        .post(`${base}/activities`)
        .send({
          ref,
          group,
          contactId,
          aim: `Hear ${group} on the strategy`,
          questions,
          stageKey: 'engagement',
        })
        .expect(201);
    const gates = [
      ['G1', 'Partnership board', chair.id, 'The draft strategy', 'approval', []],
      ['G2', 'Scrutiny committee', null, 'The draft strategy', 'formal-comment', []],
      [
        'G3',
        'Cabinet',
        cabinet.id,
        'The final strategy',
        'approval',
        ['Equality impact assessment completed'],
      ],
    ] as const;
    for (const [ref, body, approverContactId, approves, kind, preconditions] of gates)
      await http()
        .post(`${base}/gates`)
        .send({ ref, body, approverContactId, approves, kind, preconditions, stageKey: 'approval' })
        .expect(201);

    // Nothing runs until the coordinator starts it; answers are due in 20 seconds.
    const respondBy = new Date(Date.now() + 20_000).toISOString();
    const started = (await http().post(`${base}/start`).send({ respondBy }).expect(201)).body;
    expect(started).toMatchObject({ state: 'RUNNING', started: true });
    expect((await http().post(`${base}/start`).send({}).expect(201)).body.started).toBe(false);

    const to = (address: string) => (m: CaughtMessage) => m.to.includes(address);
    const linkIn = (m: CaughtMessage) => (m.text ?? '').match(TOKEN)![0];
    const [forumAsk, policeAsk, healthAsk, housingAsk] = await Promise.all(
      [forum, police, health, housing].map((c) => catcher.waitFor(to(c.email), 60_000)),
    );
    expect(forumAsk.subject).toBe(
      "Your views for the review of the domestic abuse strategy (Survivors' forum)",
    );
    expect(forumAsk.text).toContain('1. What helped you most?');
    expect(forumAsk.text).toContain('2. What was missing?');
    expect(forumAsk.text).toContain('There are two ways to answer');
    expect(forumAsk.text).toMatch(/not include the names of victims, survivors/i);
    expect(healthAsk.text).toContain('1. How should health services identify abuse earlier?');
    expect(housingAsk.text).toContain('What would you like the partnership to know');

    // E1 answers by the form.
    const forumLink = linkIn(forumAsk);
    const form = (await request(waymark.api.getHttpServer()).get(forumLink).expect(200)).text;
    expect(form).toContain('What helped you most?');
    await request(waymark.api.getHttpServer())
      .post(forumLink)
      .type('form')
      .send({ 'answer-1': '', 'answer-2': '' })
      .expect(400);
    await request(waymark.api.getHttpServer())
      .post(forumLink)
      .field('answer-1', 'Being believed the first time.')
      .field('answer-2', 'Support at weekends.')
      .attach('evidenceFiles', PDF, 'forum-notes.pdf')
      .expect(303);

    // E2 answers by replying to the email, following the numbers.
    await sendToListener(waymark.api.get(SmtpListener).port, {
      from: police.email,
      to: policeAsk.replyTo[0],
      subject: `Re: ${policeAsk.subject}`,
      messageId: `<police-1-${tag}@police.example.org>`,
      inReplyTo: policeAsk.messageId,
      text: ['1. Flag repeat victims at first contact.', '', 'Robin', '', '> The questions:'].join('\n'),
      attachments: [{ filename: 'repeat-victims.pdf', content: PDF }],
    });
    const policeRecorded = await catcher.waitFor(
      (m) => to(police.email)(m) && m.subject.startsWith('Recorded'),
      30_000,
    );
    expect(policeRecorded.text).toContain('Flag repeat victims at first contact.');
    expect(policeRecorded.text).toContain('File: repeat-victims.pdf');
    // Temporal is up: the workflow was told of both responses at once (by the form and by email), and
    // housekeeping has nothing to tell it again.
    await eventually(async () => {
      for (const { id } of [forum, police])
        expect(
          (await prisma.engagementRequest.findFirstOrThrow({ where: { contactId: id } })).signalledAt,
        ).not.toBeNull();
    });

    // The board is asked at once (its stage has begun); it sends the draft back with comments.
    const chairAsk = await catcher.waitFor(to(chair.email), 60_000);
    expect(chairAsk.subject).toBe('Decision needed: The draft strategy (Strategy review 2028)');
    const chairLink = linkIn(chairAsk);
    const page = () => request(waymark.api.getHttpServer());
    expect((await page().get(chairLink).expect(200)).text).toContain('Send back with comments');
    const noComments = await page()
      .post(chairLink)
      .type('form')
      .send({ decision: 'send-back', decidedBy: 'Chair' });
    expect(noComments.status).toBe(400);
    expect(noComments.text).toContain('Enter your comments');
    await page()
      .post(chairLink)
      .type('form')
      .send({ decision: 'send-back', comments: 'Say more on children.', decidedBy: 'Cllr Board Chair' })
      .expect(303);
    await catcher.waitFor(
      (m) => to(coordinator)(m) && m.subject.startsWith('Partnership board: sent back with comments'),
      30_000,
    );
    // Nothing further is asked while the board has it back: scrutiny waits.
    const sentBack = (await http().get(`${base}/progress`).expect(200)).body;
    expect(sentBack.gates.map((g: { status: string }) => g.status)).toEqual([
      'sent-back',
      'not-asked',
      'not-asked',
    ]);

    // Resubmitted: the board gets a new link (the old one has expired) and approves.
    const g1 = sentBack.gates[0];
    await http()
      .post(`${base}/gates/${g1.id}/resubmit`)
      .send({ note: 'Children now have a priority.' })
      .expect(200);
    await http().post(`${base}/gates/${g1.id}/resubmit`).send({}).expect(409);
    const chairAgain = await catcher.waitFor(
      (m) => to(chair.email)(m) && m.subject.endsWith(', resubmitted'),
      60_000,
    );
    expect(chairAgain.text).toContain('Children now have a priority.');
    await page().get(chairLink).expect(410);
    await page()
      .post(linkIn(chairAgain))
      .type('form')
      .send({ decision: 'approve', decidedBy: 'Cllr Board Chair' })
      .expect(303);

    // Scrutiny has no approver named: the coordinator records its formal comment.
    const scrutinyAsk = await catcher.waitFor(
      (m) => to(coordinator)(m) && m.subject.startsWith('Comment needed: The draft strategy'),
      60_000,
    );
    expect(scrutinyAsk.text).toContain('Scrutiny committee is asked to comment on');
    await page()
      .post(linkIn(scrutinyAsk))
      .type('form')
      .send({ decision: 'comment', comments: 'Welcome the focus on housing.', decidedBy: 'Scrutiny chair' })
      .expect(303);

    // E3 never answers: reminded before the deadline, then escalated to the contact's manager.
    const escalation = await catcher.waitFor(to(forumManager.email), 60_000);
    expect(escalation.subject).toBe('No answers yet from Integrated care board for the strategy review');

    // E4 answers after the deadline: kept, marked late.
    const housingLink = linkIn(housingAsk);
    await page()
      .post(housingLink)
      .type('form')
      .send({ 'answer-1': 'More move-on accommodation.' })
      .expect(303);
    expect((await page().get(`${housingLink}/confirmation`).expect(200)).text).toContain('marked as late');

    // Cabinet waits for its precondition; once the assessment is marked done, it is asked.
    const blocked = (await http().get(`${base}/progress`).expect(200)).body;
    expect(blocked.gates.map((g: { status: string }) => g.status)).toEqual(['passed', 'passed', 'not-asked']);
    expect(catcher.messages().filter(to(cabinet.email))).toHaveLength(0);
    const plan = (await http().get(base).expect(200)).body;
    const g3 = plan.gates.find((g: { ref: string }) => g.ref === 'G3');
    await http()
      .put(`${base}/gates/${g3.id}/preconditions/${g3.preconditions[0].id}`)
      .send({ met: true, note: 'EIA published with the cabinet papers' })
      .expect(200);
    const cabinetAsk = await catcher.waitFor(to(cabinet.email), 60_000);
    await page()
      .post(linkIn(cabinetAsk))
      .type('form')
      .send({
        decision: 'approve-with-conditions',
        conditions: 'Report progress to scrutiny each year.',
        decidedBy: 'Cllr Cabinet Member',
      })
      .expect(303);
    await eventually(async () => {
      expect((await http().get(`${base}/progress`).expect(200)).body.state).toBe('APPROVED');
    }, 30_000);

    // Every response, with how it came.
    const responses = (await http().get(`${base}/responses`).expect(200)).body;
    const byRef = (ref: string) =>
      responses.filter((r: { activity: { ref: string } }) => r.activity.ref === ref);
    expect(byRef('E1')).toEqual([
      expect.objectContaining({
        channel: 'form',
        late: false,
        answers: [
          { question: 'What helped you most?', answer: 'Being believed the first time.' },
          { question: 'What was missing?', answer: 'Support at weekends.' },
        ],
        files: [expect.objectContaining({ fileName: 'forum-notes.pdf', contentType: 'application/pdf' })],
      }),
    ]);
    const download = await http().get(byRef('E1')[0].files[0].downloadPath).expect(200);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
    expect(byRef('E2')[0].files).toEqual([expect.objectContaining({ fileName: 'repeat-victims.pdf' })]);
    expect(byRef('E2')).toEqual([
      expect.objectContaining({
        channel: 'email',
        messageId: `<police-1-${tag}@police.example.org>`,
        answers: [
          {
            question: 'What should change in the response to repeat victims?',
            answer: 'Flag repeat victims at first contact.',
          },
        ],
      }),
    ]);
    expect(byRef('E3')).toEqual([]);
    expect(byRef('E4')).toEqual([expect.objectContaining({ channel: 'form', late: true })]);

    // Publication closes the window's clock and ends the workflow.
    await http()
      .post(`${base}/publication`)
      .send({ publishedOn: '2026-12-01', kind: 'REPLACED', url: 'https://council.example.org/da-strategy' })
      .expect(201);
    await http()
      .post(`${base}/publication`)
      .send({ publishedOn: '2026-12-02', kind: 'REPLACED', url: 'https://council.example.org/da-strategy' })
      .expect(409);
    const handle = waymark.api
      .get(TemporalClient)
      .client.workflow.getHandle(strategyReviewWorkflowId(strategyId, review.id));
    const final = await handle.result();
    expect(final.phase).toBe('published');
    expect(final.asked).toEqual(['G1#1', 'G1#2', 'G2#1', 'G3#1']);
    const { clock } = (await http().get(`/api/strategies/${strategyId}/review-clock`).expect(200)).body;
    expect(clock).toMatchObject({ status: 'reviewed', reviewedOn: '2026-12-01' });

    // Each group was asked once; only the silent one was reminded and escalated.
    const subjects = (address: string) =>
      catcher
        .messages()
        .filter(to(address))
        .map((m) => m.subject);
    expect(subjects(forum.email)).toHaveLength(1);
    expect(subjects(police.email).filter((s) => !s.startsWith('Recorded'))).toHaveLength(1);
    expect(subjects(health.email)).toEqual([
      'Your views for the review of the domestic abuse strategy (Integrated care board)',
      'Reminder: your views for the review of the domestic abuse strategy (Integrated care board)',
    ]);
    expect(subjects(forumManager.email)).toHaveLength(1);
    expect(subjects(chair.email)).toHaveLength(2);
    expect(subjects(cabinet.email)).toHaveLength(1);

    const events = await prisma.auditEvent.findMany({
      where: { partnershipId, entityType: { in: ['StrategyReview', 'ApprovalGate', 'ReviewStage'] } },
      orderBy: { occurredAt: 'asc' },
    });
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'strategy-review.started',
        'review-stage.completed',
        'approval-gate.asked',
        'approval-gate.decided',
        'approval-gate.resubmitted',
        'strategy-review.approved',
        'strategy-review.published',
      ]),
    );

    await recordHistory(
      waymark.config.TEMPORAL_ADDRESS,
      strategyReviewWorkflowId(strategyId, review.id),
      'strategy-review',
    );
  });
});
