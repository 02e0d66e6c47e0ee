import { z } from 'zod';

/** A meeting of a board: the board report goes out a set number of working days before it. */
export const boardMeetingSchema = z.strictObject({
  meetsOn: z.iso.date().describe('The day the board meets, YYYY-MM-DD'),
});

export type BoardMeetingInput = z.infer<typeof boardMeetingSchema>;
