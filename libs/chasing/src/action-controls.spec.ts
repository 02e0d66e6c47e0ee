import type { AuditEntry, AuditLog } from '@waymark/audit';
import type { PrismaService } from '@waymark/db';
import type { ControlInput } from '@waymark/workflows';
import { ActionControls } from './action-controls';

/** Applies a pause to a stored action and returns the actor its audit event names. */
async function auditedActor(input: ControlInput): Promise<AuditEntry['actor']> {
  const action = {
    id: input.actionId,
    partnershipId: 'partnership-1',
    leadContactId: null,
    status: 'ON_TRACK',
    rag: null,
    dueDate: null,
    strategyId: 'strategy-1',
    pausedAt: null,
  };
  const tx = {
    action: {
      findUniqueOrThrow: async () => action,
      update: async () => ({ ...action, pausedAt: new Date(), leadContact: null }),
    },
  };
  const prisma = { $transaction: (work: (db: typeof tx) => Promise<unknown>) => work(tx) };
  const entries: AuditEntry[] = [];
  const audit = { record: async (entry: AuditEntry) => void entries.push(entry) };
  await new ActionControls(prisma as unknown as PrismaService, audit as unknown as AuditLog).apply(input);
  expect(entries).toHaveLength(1);
  return entries[0].actor;
}

describe('who an action control is audited as', () => {
  it('names the calling user, an admin as ADMIN and a coordinator as COORDINATOR', async () => {
    const pause = { kind: 'pause', actionId: 'action-1' } as const;
    await expect(auditedActor({ ...pause, caller: { userId: 'user-1', role: 'ADMIN' } })).resolves.toEqual({
      type: 'ADMIN',
      id: 'user-1',
    });
    await expect(
      auditedActor({ ...pause, caller: { userId: 'user-2', role: 'COORDINATOR' } }),
    ).resolves.toEqual({ type: 'COORDINATOR', id: 'user-2' });
  });

  it('still applies a control sent before accounts existed, as the "coordinator" it names', async () => {
    await expect(
      auditedActor({ kind: 'pause', actionId: 'action-1', actor: 'coordinator' }),
    ).resolves.toEqual({ type: 'COORDINATOR', id: 'coordinator' });
  });
});
