import { z } from 'zod';
import {
  changeDueDateSchema,
  closeActionSchema,
  decideProposedDateSchema,
  fieldErrors,
  pauseActionSchema,
  reassignActionSchema,
} from '@waymark/contracts';
import type { ActionControl } from '@waymark/temporal';

/** The coordinators' controls over an action, as the console's forms name them (`/console/actions/:id/<name>`). */
export const CONTROL_NAMES = [
  'pause',
  'resume',
  'nudge',
  'reassign',
  'due-date',
  'proposed-date',
  'complete',
  'cancel',
] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];

export interface ControlSpec {
  /** The page's heading and the confirm button's words. */
  title: string;
  /** What it does, in a sentence on the form. */
  explains: string;
  /** The form's fields; none: the form is the confirmation itself. */
  fields: string[];
  /** What the action page says once it is done. */
  done: string;
}

export const CONTROLS: Record<ControlName, ControlSpec> = {
  pause: {
    title: 'Pause chasing',
    explains:
      'Waymark stops asking, reminding and escalating until you resume. The lead’s link keeps working.',
    fields: ['reason'],
    done: 'Chasing is paused',
  },
  resume: {
    title: 'Resume chasing',
    explains: 'Waymark asks, reminds and escalates again from where the period stands.',
    fields: [],
    done: 'Chasing has resumed',
  },
  nudge: {
    title: 'Remind the lead now',
    explains:
      'Sends the lead a reminder now, outside the usual ladder, if this period’s request is unanswered.',
    fields: [],
    done: 'A reminder is on its way to the lead',
  },
  reassign: {
    title: 'Pass to another lead',
    explains: 'Future requests go to the new lead. The current lead’s link stops working at once.',
    fields: ['leadContactId'],
    done: 'The action has a new lead',
  },
  'due-date': {
    title: 'Change the due date',
    explains: 'The new date replaces the due date; overdue and reminders follow it.',
    fields: ['dueDate-day', 'dueDate-month', 'dueDate-year', 'reason'],
    done: 'The due date is changed',
  },
  'proposed-date': {
    title: 'Decide the proposed date',
    explains: 'An approved date becomes the due date. The lead is not emailed about the decision.',
    fields: ['decision', 'note'],
    done: 'The proposed date is decided',
  },
  complete: {
    title: 'Mark as complete',
    explains: 'The action is closed as achieved and nobody is chased for it again.',
    fields: ['note'],
    done: 'The action is complete',
  },
  cancel: {
    title: 'Cancel the action',
    explains: 'The action is closed as stopped and nobody is chased for it again.',
    fields: ['note'],
    done: 'The action is cancelled',
  },
};

export type FormValues = Record<string, string>;

/** A control as the workflow takes it, without who asks (the console adds the signed-in user). */
export type ControlInput = ActionControl extends infer C
  ? C extends unknown
    ? Omit<C, 'caller'>
    : never
  : never;

/** A control read from its form, or what is wrong with the form. */
export type ReadControl =
  { ok: true; control: ControlInput | { kind: 'nudge' } } | { ok: false; errors: Record<string, string> };

/** Reads a control's form with the admin API's own schemas; `pendingUpdateId` is the proposal being decided. */
export function readControl(name: ControlName, values: FormValues, pendingUpdateId?: string): ReadControl {
  const text = (field: string) => (values[field]?.trim() ? values[field].trim() : undefined);
  const check = <T>(schema: z.ZodType<T>, input: unknown, messages: Record<string, string>) => {
    const parsed = schema.safeParse(input);
    return parsed.success
      ? { ok: true as const, value: parsed.data }
      : { ok: false as const, errors: fieldErrors(parsed.error, messages) };
  };
  switch (name) {
    case 'resume':
    case 'nudge':
      return { ok: true, control: { kind: name } };
    case 'pause': {
      const r = check(
        pauseActionSchema,
        { reason: text('reason') },
        { reason: 'Reason must be 2,000 characters or fewer' },
      );
      return r.ok ? { ok: true, control: { kind: 'pause', ...r.value } } : r;
    }
    case 'reassign': {
      const r = check(
        reassignActionSchema,
        { leadContactId: text('leadContactId') },
        { leadContactId: 'Select the new lead' },
      );
      return r.ok ? { ok: true, control: { kind: 'reassign', ...r.value } } : r;
    }
    case 'due-date': {
      const [day, month, year] = ['day', 'month', 'year'].map((part) => text(`dueDate-${part}`) ?? '');
      const date =
        /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)
          ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
          : '';
      const r = check(
        changeDueDateSchema,
        { dueDate: date, reason: text('reason') },
        {
          dueDate: 'Enter a real date, for example 31 3 2027',
          reason: 'Reason must be 2,000 characters or fewer',
        },
      );
      return r.ok ? { ok: true, control: { kind: 'change-due-date', ...r.value } } : r;
    }
    case 'proposed-date': {
      const decision = text('decision');
      if (decision !== 'approve' && decision !== 'refuse')
        return { ok: false, errors: { decision: 'Select whether to approve or refuse the proposed date' } };
      const r = check(
        decideProposedDateSchema,
        { updateId: pendingUpdateId, approve: decision === 'approve', note: text('note') },
        {
          note: 'Note must be 2,000 characters or fewer',
          updateId: 'No proposed date is waiting for a decision',
        },
      );
      return r.ok ? { ok: true, control: { kind: 'decide-proposed-date', ...r.value } } : r;
    }
    case 'complete':
    case 'cancel': {
      const r = check(
        closeActionSchema,
        { note: text('note') ?? '' },
        {
          note: name === 'complete' ? 'Enter what was achieved' : 'Enter why the action stopped',
        },
      );
      return r.ok
        ? {
            ok: true,
            control: { kind: 'close', outcome: name === 'complete' ? 'COMPLETE' : 'CANCELLED', ...r.value },
          }
        : r;
    }
  }
}
