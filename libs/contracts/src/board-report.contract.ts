import { z } from 'zod';

/** GET /api/strategies/:id/reports/board: which reporting period to report on. */
export const boardReportQuerySchema = z.strictObject({
  period: z
    .string()
    .trim()
    .regex(/^\d{4}-(\d{2}-Q[1-4]|\d{2})$/, 'must be a quarter such as 2026-27-Q3 or a month such as 2026-11')
    .optional()
    .describe('A financial-year quarter ("2026-27-Q3") or a month ("2026-11"); default: the current period'),
});

export type BoardReportQuery = z.infer<typeof boardReportQuerySchema>;

/** PUT /api/boards/:id/report-schedule: keep the board's report schedule in step with its meetings. */
export const boardReportScheduleSchema = z.strictObject({
  workingDaysBefore: z
    .number()
    .int()
    .min(0)
    .max(20)
    .optional()
    .describe('How many working days before each meeting the report goes to the members; default: unchanged'),
});

export type BoardReportScheduleChange = z.infer<typeof boardReportScheduleSchema>;
