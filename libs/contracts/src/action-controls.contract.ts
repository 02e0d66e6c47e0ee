import { z } from 'zod';

const note = z.string().trim().min(1, 'Enter a note').max(2000);

export const pauseActionSchema = z.strictObject({ reason: z.string().trim().max(2000).optional() });
export const reassignActionSchema = z.strictObject({ leadContactId: z.uuid() });
export const changeDueDateSchema = z.strictObject({
  dueDate: z.iso.date().describe('The new due date, YYYY-MM-DD'),
  reason: z.string().trim().max(2000).optional(),
});
export const decideProposedDateSchema = z.strictObject({
  updateId: z.uuid().describe('The update in which the lead proposed the date'),
  approve: z.boolean(),
  note: z.string().trim().max(2000).optional(),
});
export const closeActionSchema = z.strictObject({
  note: note.describe('Why the action is closed: what was achieved, or why it stopped'),
});
