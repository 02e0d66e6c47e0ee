import { z } from 'zod';

/** What a lead may report. CANCELLED is the coordinator's decision, never a lead's. */
export const LEAD_STATUSES = [
  'NOT_STARTED',
  'ON_TRACK',
  'AT_RISK',
  'OFF_TRACK',
  'BLOCKED',
  'COMPLETE',
] as const;
export const ACTION_STATUSES = [...LEAD_STATUSES, 'CANCELLED'] as const;

export type LeadStatus = (typeof LEAD_STATUSES)[number];
export type ActionStatusValue = (typeof ACTION_STATUSES)[number];

export const STATUS_LABELS: Record<ActionStatusValue, string> = {
  NOT_STARTED: 'Not started',
  ON_TRACK: 'On track',
  AT_RISK: 'At risk',
  OFF_TRACK: 'Off track',
  BLOCKED: 'Blocked',
  COMPLETE: 'Complete',
  CANCELLED: 'Cancelled',
};

export const leadStatusSchema = z.enum(LEAD_STATUSES);
