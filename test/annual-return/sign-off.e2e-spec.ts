// Signing off the annual return on the real API, PostgreSQL and SMTP: refused while checks fail; sent to the
// signatory (the board chair told, to note); returned with comments; approved, freezing version 1 with its
// hash; frozen against change; amended into version 2 with a reason, version 1 untouched; the submission to
// the department recorded; the coordinator reminded once per step and not after; other partnerships see nothing.
import request from 'supertest';
import { ReturnSignOff, contentHash } from '@waymark/annual-return';
import { londonIsoDate } from '@waymark/calendar';
import { httpAs } from '../support/auth';
import { binary } from '../support/binary';
import { createPartnership } from '../support/fixtures';
import { readOoxml } from '../support/ooxml';
import { waymarkSuite } from '../support/suite';
import { approvableAnswers, returnWithChair, signOffLink } from './sign-off-fixtures';

const SIGNATORY = {
  name: 'Pat Fictional',
  email: 'pat.fictional@council.example.org',
  jobTitle: 'Director of Communities',
};
const DEPUTY = { name: 'Sam Deputy', email: 'sam.deputy@council.example.org' };
const SURVIVORS = 'personal information about victims, survivors or their children';

describe('signing off the annual return', () => {
  const suite = waymarkSuite();
  const page = () => request(suite.waymark.api.getHttpServer());
  const inbox = (to: string, subject: RegExp) =>
    suite.catcher.messages().filter((m) => m.to.some((t) => t.includes(to)) && subject.test(m.subject));

  it('is refused while checks fail, then returned with comments, approved, frozen, amended and submitted', async () => {
    const { prisma } = suite.waymark;
    const { fixture, chair, http, returnId } = await returnWithChair(prisma, (id) =>
      httpAs(suite.waymark, id),
    );
    const coordinator = fixture.partnership.coordinatorEmail;
    const figures = (answers: object) => http.put(`/api/returns/${returnId}/figures`).send({ answers });

    // A sum that does not add up, and mandatory questions unanswered: refused, naming each problem.
    await figures({
      Q04_INDIVIDUALS_TOTAL: { '': 100 },
      Q04_INDIVIDUALS_BY_GROUP: { women: 60, men: 5, 'trans-adults': 1, children: 40 },
    }).expect(200);
    const refused = await http
      .post(`/api/returns/${returnId}/approval`)
      .send({ signatory: SIGNATORY })
      .expect(422);
    const fields = refused.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['results.individuals-by-group']));
    expect(fields.some((f: string) => f.startsWith('results.required:'))).toBe(true);
    expect(await prisma.returnApproval.count({ where: { returnId } })).toBe(0);
    await http
      .post(`/api/returns/${returnId}/approval`)
      .send({ signatory: { name: 'Pat', email: 'not an email' } })
      .expect(400);

    // Every check passing: sent to the signatory, the chair told to note it.
    await figures(approvableAnswers(106)).expect(200);
    const sent = (
      await http.post(`/api/returns/${returnId}/approval`).send({ signatory: SIGNATORY }).expect(201)
    ).body;
    expect(sent).toMatchObject({
      state: 'AWAITING_APPROVAL',
      pendingApproval: { signatory: SIGNATORY, boardChair: { name: 'Chris Chair', email: chair.email } },
    });
    const ask = await suite.catcher.waitFor((m) => m.to.includes(SIGNATORY.email));
    expect(ask.subject).toBe('Please approve the 2025-26 domestic abuse annual return');
    const toNote = await suite.catcher.waitFor((m) => m.to.includes(chair.email));
    expect(toNote.subject).toContain('To note');
    for (const email of [ask, toNote]) expect(email.text).toContain(SURVIVORS);
    const first = signOffLink(ask);
    const chairLink = signOffLink(toNote);
    expect(chairLink.token).not.toBe(first.token);

    // Frozen while it awaits the signatory, for figures and explanations alike.
    const frozen = await figures({ Q04_INDIVIDUALS_TOTAL: { '': 1 } }).expect(409);
    expect(frozen.body.detail).toMatch(/awaiting approval/);
    await http
      .put(`/api/returns/${returnId}/explanations`)
      .send({ explanations: { 'children-share': 'Family rooms closed' } })
      .expect(409);

    // The signatory's page shows the whole return; the chair's is read only.
    const shown = await page().get(`/sign-off/${first.token}`).expect(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.text).toContain('106');
    expect(shown.text).toContain('Not collected');
    expect(shown.text).toContain('I approve this return for submission');
    const readOnly = await page().get(`/sign-off/${chairLink.token}`).expect(200);
    expect(readOnly.text).toContain('For you to note');
    expect(readOnly.text).not.toContain('I approve this return for submission');
    await page()
      .post(`/sign-off/${chairLink.token}/approve`)
      .type('form')
      .send({ confirm: 'yes' })
      .expect(303);
    expect((await http.get(`/api/returns/${returnId}`).expect(200)).body.state).toBe('AWAITING_APPROVAL');

    // Sent again to the same signatory: nothing new goes. To another: the request is replaced, the old
    // links stop working, and the deputy is asked.
    await http.post(`/api/returns/${returnId}/approval`).send({ signatory: SIGNATORY }).expect(201);
    expect(inbox(SIGNATORY.email, /Please approve/)).toHaveLength(1);
    const replaced = (
      await http.post(`/api/returns/${returnId}/approval`).send({ signatory: DEPUTY }).expect(201)
    ).body;
    expect(replaced.pendingApproval.signatory).toEqual({ ...DEPUTY, jobTitle: null });
    await page().get(`/sign-off/${first.token}`).expect(410);
    await page().get(`/sign-off/${chairLink.token}`).expect(410);
    const deputy = signOffLink(await suite.catcher.waitFor((m) => m.to.includes(DEPUTY.email)));

    // Returned with comments: a draft again, the comments recorded and emailed to the coordinator.
    const empty = await page().post(`/sign-off/${deputy.token}/return`).type('form').send({ comments: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter your comments');
    await page()
      .post(`/sign-off/${deputy.token}/return`)
      .type('form')
      .send({ comments: 'Please check the finance figures with the s.151 officer' })
      .expect(303);
    const returned = (await http.get(`/api/returns/${returnId}`).expect(200)).body;
    expect(returned).toMatchObject({
      state: 'DRAFT',
      pendingApproval: null,
      lastReturned: {
        signatory: 'Sam Deputy',
        comments: 'Please check the finance figures with the s.151 officer',
      },
    });
    const comments = await suite.catcher.waitFor(
      (m) => m.to.includes(coordinator) && /Returned/.test(m.subject),
    );
    expect(comments.text).toContain('Please check the finance figures with the s.151 officer');
    expect(comments.text).toContain(SURVIVORS);
    // The old link, and a second click, say what happened.
    const old = await page().get(`/sign-off/${deputy.token}`).expect(200);
    expect(old.text).toContain('Return sent back with comments');
    await page().post(`/sign-off/${deputy.token}/approve`).type('form').send({ confirm: 'yes' }).expect(303);
    expect((await http.get(`/api/returns/${returnId}`).expect(200)).body.state).toBe('DRAFT');

    // Sent again and approved (the tick is required): version 1, content-hashed, the coordinator told.
    await http.post(`/api/returns/${returnId}/approval`).send({ signatory: SIGNATORY }).expect(201);
    const second = signOffLink(
      await suite.catcher.waitFor(
        (m) => m.to.includes(SIGNATORY.email) && signOffLink(m).token !== first.token,
      ),
    );
    const unticked = await page().post(`/sign-off/${second.token}/approve`).type('form').send({});
    expect(unticked.status).toBe(400);
    expect(unticked.text).toContain('Tick the box');
    await page().post(`/sign-off/${second.token}/approve`).type('form').send({ confirm: 'yes' }).expect(303);
    await page().post(`/sign-off/${second.token}/approve`).type('form').send({ confirm: 'yes' }).expect(303);
    const approvedPage = await page().get(`/sign-off/${second.token}`).expect(200);
    expect(approvedPage.text).toContain('Return approved');

    const versions = (await http.get(`/api/returns/${returnId}/versions`).expect(200)).body;
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: 1,
      reason: null,
      approvedBy: SIGNATORY,
      submission: null,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const v1 = (await http.get(`/api/returns/${returnId}/versions/1`).expect(200)).body;
    expect(contentHash(v1.content)).toBe(v1.sha256);
    expect(v1.content).toMatchObject({
      version: 1,
      template: { version: 1 },
      signatory: { name: 'Pat Fictional' },
    });
    const total = v1.content.figures.find(
      (f: { questionKey: string }) => f.questionKey === 'Q04_INDIVIDUALS_TOTAL',
    );
    expect(total).toMatchObject({
      value: 106,
      source: 'coordinator',
      enteredBy: expect.any(String),
      by: 'Test caller',
    });
    expect(v1.content.results.length).toBeGreaterThan(20);
    const approvedEmail = await suite.catcher.waitFor(
      (m) => m.to.includes(coordinator) && /^Approved/.test(m.subject),
    );
    expect(approvedEmail.text).toContain(v1.sha256);
    const approvedView = (await http.get(`/api/returns/${returnId}`).expect(200)).body;
    expect(approvedView).toMatchObject({ state: 'APPROVED', versions: [{ version: 1, sha256: v1.sha256 }] });
    const stillFrozen = await figures({ Q04_INDIVIDUALS_TOTAL: { '': 107 } }).expect(409);
    expect(stillFrozen.body.detail).toBe(
      'This return is approved and frozen: start an amendment to change it',
    );
    await expect(
      prisma.returnVersion.updateMany({ where: { returnId }, data: { reason: 'x' } }),
    ).rejects.toThrow(/frozen/);

    // The amendment: a draft again, corrected, approved as version 2 with its reason; version 1 untouched.
    await http.post(`/api/returns/${returnId}/amendments`).send({ reason: '' }).expect(400);
    const amending = (
      await http
        .post(`/api/returns/${returnId}/amendments`)
        .send({ reason: 'Refuge North corrected its total' })
        .expect(201)
    ).body;
    expect(amending).toMatchObject({ state: 'DRAFT', amendmentReason: 'Refuge North corrected its total' });
    await http.post(`/api/returns/${returnId}/amendments`).send({ reason: 'Again' }).expect(409);
    await figures({
      Q04_INDIVIDUALS_TOTAL: { '': 107 },
      Q04_INDIVIDUALS_BY_GROUP: { women: 61, men: 5, 'trans-adults': 1, children: 40 },
    }).expect(200);
    await http.post(`/api/returns/${returnId}/approval`).send({ signatory: SIGNATORY }).expect(201);
    const amendmentAsk = await suite.catcher.waitFor(
      (m) => m.to.includes(SIGNATORY.email) && /amendment, version 2/.test(m.subject),
    );
    await page()
      .post(`/sign-off/${signOffLink(amendmentAsk).token}/approve`)
      .type('form')
      .send({ confirm: 'yes' })
      .expect(303);
    const both = (await http.get(`/api/returns/${returnId}/versions`).expect(200)).body;
    expect(both.map((v: { version: number; reason: string | null }) => [v.version, v.reason])).toEqual([
      [1, null],
      [2, 'Refuge North corrected its total'],
    ]);
    expect(both[0].sha256).toBe(v1.sha256);
    expect((await http.get(`/api/returns/${returnId}/versions/1`).expect(200)).body).toEqual(v1);
    const v2 = (await http.get(`/api/returns/${returnId}/versions/2`).expect(200)).body;
    expect(v2.sha256).not.toBe(v1.sha256);
    expect(contentHash(v2.content)).toBe(v2.sha256);
    await http.get(`/api/returns/${returnId}/versions/3`).expect(404);

    // Each version's workbook is built from its own frozen figures: approved, its hash on the cover.
    const workbookOf = async (version: number) => {
      const res = await http
        .get(`/api/returns/${returnId}/versions/${version}/workbook`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-disposition']).toContain(`_v${version}.xlsx`);
      const book = await readOoxml(res.body as Buffer);
      const cells = (sheet: string) =>
        Array.from({ length: 60 }, (_, i) =>
          Object.values(book.sheet(sheet).row(i + 1)).map((c) => c.value),
        ).flat();
      return { cover: cells('00_Cover'), individuals: cells('04_Individuals_Characteristics') };
    };
    const book1 = await workbookOf(1);
    expect(book1.cover).toEqual(
      expect.arrayContaining([v1.sha256, 'Approved', 'Pat Fictional', SIGNATORY.jobTitle]),
    );
    expect(book1.cover).not.toContain('DRAFT — not approved');
    expect(book1.individuals).toContain(106);
    expect(book1.individuals).not.toContain(107);
    const book2 = await workbookOf(2);
    expect(book2.cover).toContain(v2.sha256);
    expect(book2.individuals).toContain(107);

    // The deadline, the reminder (once per step), then the submission recorded: no more reminders.
    const signOff = suite.waymark.api.get(ReturnSignOff);
    await http
      .put(`/api/returns/${returnId}/submission-deadline`)
      .send({ deadline: '31/07/2026' })
      .expect(400);
    const withDeadline = (
      await http
        .put(`/api/returns/${returnId}/submission-deadline`)
        .send({ deadline: '2026-07-31' })
        .expect(200)
    ).body;
    expect(withDeadline.submissionDeadline).toBe('2026-07-31');
    expect(await signOff.sendSubmissionReminder(returnId, 'week-before')).toBe('sent');
    expect(await signOff.sendSubmissionReminder(returnId, 'week-before')).toBe('already-sent');
    const reminder = await suite.catcher.waitFor(
      (m) => m.to.includes(coordinator) && /^Reminder/.test(m.subject),
    );
    expect(reminder.text).toContain('Friday 31 July 2026');
    expect(reminder.text).toContain('Version 2 is approved');
    expect(inbox(coordinator, /^Reminder/)).toHaveLength(1);

    const tomorrow = londonIsoDate(new Date(Date.now() + 36 * 60 * 60 * 1000));
    const future = await http
      .put(`/api/returns/${returnId}/submission`)
      .send({ sentOn: tomorrow, reference: 'MHCLG-DA-0042' })
      .expect(422);
    expect(future.body.errors[0].field).toBe('sentOn');
    const today = londonIsoDate(new Date());
    const submitted = (
      await http
        .put(`/api/returns/${returnId}/submission`)
        .send({ sentOn: today, reference: 'MHCLG-DA-0042' })
        .expect(200)
    ).body;
    expect(submitted.state).toBe('SUBMITTED');
    expect(submitted.versions[1].submission).toMatchObject({ sentOn: today, reference: 'MHCLG-DA-0042' });
    expect(submitted.versions[0].submission).toBeNull();
    await http
      .put(`/api/returns/${returnId}/submission`)
      .send({ sentOn: today, reference: 'Again' })
      .expect(409);
    await http
      .put(`/api/returns/${returnId}/submission-deadline`)
      .send({ deadline: '2026-08-31' })
      .expect(409);
    expect(await signOff.sendSubmissionReminder(returnId, 'at-deadline')).toBe('not-needed');
    expect(inbox(coordinator, /^Reminder/)).toHaveLength(1);

    // Every step audited, the coordinator's as theirs and the signatory's through the form.
    const events = await prisma.auditEvent.findMany({
      where: { entityId: returnId },
      orderBy: { id: 'asc' },
    });
    expect(
      events
        .map((e) => [e.event, e.actorType, e.channel])
        .filter(([e]) => e !== 'annual-return.figures-recorded'),
    ).toEqual([
      ['annual-return.opened', 'COORDINATOR', 'api'],
      ['annual-return.sent-for-approval', 'COORDINATOR', 'api'],
      ['annual-return.sent-for-approval', 'COORDINATOR', 'api'],
      ['annual-return.returned-with-comments', 'LEAD', 'form'],
      ['annual-return.sent-for-approval', 'COORDINATOR', 'api'],
      ['annual-return.approved', 'LEAD', 'form'],
      ['annual-return.amendment-started', 'COORDINATOR', 'api'],
      ['annual-return.sent-for-approval', 'COORDINATOR', 'api'],
      ['annual-return.approved', 'LEAD', 'form'],
      ['annual-return.submission-deadline-set', 'COORDINATOR', 'api'],
      ['annual-return.submitted', 'COORDINATOR', 'api'],
    ]);
  });

  it("shows another partnership's coordinator nothing of the sign-off (404) and changes nothing", async () => {
    const { prisma } = suite.waymark;
    const { http, returnId } = await returnWithChair(prisma, (id) => httpAs(suite.waymark, id));
    await http.put(`/api/returns/${returnId}/figures`).send({ answers: approvableAnswers() }).expect(200);
    const outsider = await httpAs(suite.waymark, (await createPartnership(prisma)).partnership.id);
    await outsider.post(`/api/returns/${returnId}/approval`).send({ signatory: SIGNATORY }).expect(404);
    await outsider.get(`/api/returns/${returnId}/versions`).expect(404);
    await outsider
      .put(`/api/returns/${returnId}/submission-deadline`)
      .send({ deadline: '2026-07-31' })
      .expect(404);
    expect(await prisma.returnApproval.count({ where: { returnId } })).toBe(0);
    expect((await http.get(`/api/returns/${returnId}`).expect(200)).body).toMatchObject({
      state: 'DRAFT',
      submissionDeadline: null,
    });
  });

  it('answers an unknown sign-off link with the link-problem page, saying nothing', async () => {
    const res = await page()
      .get(`/sign-off/${'D'.repeat(43)}`)
      .expect(404);
    expect(res.text).toContain('We do not recognise this link');
    await page()
      .post(`/sign-off/${'D'.repeat(43)}/approve`)
      .type('form')
      .send({ confirm: 'yes' })
      .expect(404);
    await page()
      .post(`/sign-off/${'D'.repeat(43)}/publish`)
      .type('form')
      .send({})
      .expect(404);
  });
});
