// A board's meetings through the admin API: each change brings the board's report Schedule in step.
import { BoardReportSchedules } from '@waymark/temporal';
import { waymarkSuite } from '../support/suite';

describe('board meetings', () => {
  const suite = waymarkSuite();

  const newBoard = (name: string) =>
    suite.waymark.prisma.board.create({
      data: { partnershipId: suite.fixture.partnership.id, name, reportWorkingDaysBefore: 3 },
    });
  const scheduledRuns = async (boardId: string) => {
    const handle = suite.waymark.api.get(BoardReportSchedules).handle(boardId);
    const described = await handle.describe();
    return described.spec.calendars?.length ?? 0;
  };

  it('adds, moves and cancels meetings, audited, with the report schedule in step each time', async () => {
    const board = await newBoard('Meetings board');
    const path = `/api/boards/${board.id}/meetings`;

    const first = await suite.http().post(path).send({ meetsOn: '2027-06-10' }).expect(201);
    expect(first.body.meeting).toMatchObject({ boardId: board.id });
    expect(first.body.reportSchedule).toMatchObject({
      scheduleId: `board-report/${board.id}`,
      workingDaysBefore: 3,
    });
    await suite.http().post(path).send({ meetsOn: '2027-09-09' }).expect(201);
    const runsWithTwo = await scheduledRuns(board.id);
    expect(runsWithTwo).toBeGreaterThan(0);

    const listed = await suite.http().get(path).expect(200);
    expect(listed.body.map((m: { meetsOn: string }) => m.meetsOn.slice(0, 10))).toEqual([
      '2027-06-10',
      '2027-09-09',
    ]);

    const moved = await suite
      .http()
      .patch(`${path}/${first.body.meeting.id}`)
      .send({ meetsOn: '2027-06-17' })
      .expect(200);
    expect(moved.body.meeting.meetsOn.slice(0, 10)).toBe('2027-06-17');

    await suite.http().delete(`${path}/${first.body.meeting.id}`).expect(200);
    expect((await suite.http().get(path).expect(200)).body).toHaveLength(1);
    expect(await scheduledRuns(board.id)).toBeLessThan(runsWithTwo);

    const events = await suite.waymark.prisma.auditEvent.findMany({
      where: { entityId: first.body.meeting.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.event)).toEqual([
      'board.meeting.added',
      'board.meeting.moved',
      'board.meeting.cancelled',
    ]);
  });

  it('refuses a bad date, a second meeting on the same day and a change once the report is built; nothing changes', async () => {
    const board = await newBoard('Strict board');
    const path = `/api/boards/${board.id}/meetings`;
    const meeting = (await suite.http().post(path).send({ meetsOn: '2027-07-01' }).expect(201)).body.meeting;

    const bad = await suite.http().post(path).send({ meetsOn: '1 July 2027' }).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'meetsOn' })]);
    const twice = await suite.http().post(path).send({ meetsOn: '2027-07-01' }).expect(409);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'meetsOn' })]);

    await suite.waymark.prisma.boardReport.create({
      data: {
        boardId: board.id,
        meetingId: meeting.id,
        partnershipId: suite.fixture.partnership.id,
        strategyId: suite.fixture.strategy.id,
        periodKey: '2027-28-Q1',
        asOf: new Date(),
        fileName: 'report.xlsx',
        content: Buffer.from('built'),
        sha256: 'not-a-real-report',
        summary: {},
      },
    });
    await suite.http().patch(`${path}/${meeting.id}`).send({ meetsOn: '2027-07-08' }).expect(409);
    await suite.http().delete(`${path}/${meeting.id}`).expect(409);

    const meetings = await suite.waymark.prisma.boardMeeting.findMany({ where: { boardId: board.id } });
    expect(meetings.map((m) => m.meetsOn.toISOString().slice(0, 10))).toEqual(['2027-07-01']);
  });

  it("treats another board's meeting as missing", async () => {
    const [a, b] = [await newBoard('Board A'), await newBoard('Board B')];
    const meeting = (
      await suite.http().post(`/api/boards/${a.id}/meetings`).send({ meetsOn: '2027-08-05' }).expect(201)
    ).body.meeting;
    await suite
      .http()
      .patch(`/api/boards/${b.id}/meetings/${meeting.id}`)
      .send({ meetsOn: '2027-08-12' })
      .expect(404);
    await suite.http().delete(`/api/boards/${b.id}/meetings/${meeting.id}`).expect(404);
  });
});
