// An action past its due date and not complete: the coordinator and the lead's manager are told once per
// period, and the lead's request says it is overdue.
import { ChaseMailer } from '@waymark/chasing';
import { createPartnership } from '../support/fixtures';
import { httpAs } from '../support/auth';
import { waymarkSuite } from '../support/suite';
import { addContact, createAction } from './chasing-fixtures';

describe('an overdue action', () => {
  const suite = waymarkSuite();

  it("is escalated to the coordinator and the lead's manager, once, and the lead is asked for a new date", async () => {
    const f = await createPartnership(suite.waymark.prisma);
    const manager = await addContact(suite.waymark.prisma, f, 'Morgan Fictional', 'manager');
    await suite.waymark.prisma.contact.update({ where: { id: f.lead.id }, data: { managerId: manager.id } });
    const id = await createAction(
      await httpAs(suite.waymark, f.partnership.id),
      f,
      f.lead.id,
      'LATE-1',
      '31/01/2026',
    );

    const toCoordinator = await suite.catcher.waitFor(
      (m) => m.to.includes(f.partnership.coordinatorEmail) && m.subject === 'Overdue: LATE-1 Action LATE-1',
      30_000,
    );
    expect(toCoordinator.text).toContain('was due on Saturday 31 January 2026 and is not complete');
    await suite.catcher.waitFor(
      (m) => m.to.includes(manager.email) && m.subject.startsWith('Overdue'),
      30_000,
    );
    const asked = await suite.catcher.waitFor((m) => m.to.includes(f.lead.email), 30_000);
    expect(asked.text).toContain('(overdue: please tell us the new date)');

    // A retried activity sends neither notice again.
    const { periodKey } = await suite.waymark.prisma.updateRequest.findFirstOrThrow({
      where: { actionId: id },
    });
    await suite.waymark.worker.get(ChaseMailer).notifyOverdue(id, periodKey);
    expect(suite.catcher.messages().filter((m) => m.subject.startsWith('Overdue'))).toHaveLength(2);
  });
});
