import { fieldErrors, leadUpdateSchema } from './lead-update.contract';

describe('leadUpdateSchema', () => {
  it('accepts a complete form and converts percent to a number', () => {
    const parsed = leadUpdateSchema.parse({
      status: 'ON_TRACK',
      percentComplete: ' 40 ',
      commentary: '  Training delivered to 3 of 5 teams. ',
      blockers: '',
    });
    expect(parsed).toEqual({
      status: 'ON_TRACK',
      percentComplete: 40,
      commentary: 'Training delivered to 3 of 5 teams.',
    });
  });

  it('treats an empty percent as not given', () => {
    expect(
      leadUpdateSchema.parse({ status: 'BLOCKED', percentComplete: '', commentary: 'Waiting on funding' }),
    ).toMatchObject({ percentComplete: undefined });
  });

  it('explains each problem in words a lead understands', () => {
    const result = leadUpdateSchema.safeParse({ status: '', percentComplete: '140', commentary: '  ' });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual({
      status: 'Select the status of this action',
      percentComplete: 'Percent complete must be a whole number from 0 to 100',
      commentary: 'Enter a short update on progress',
    });
  });

  it("uses a form's own wording for a field where it has one, zod's otherwise", () => {
    const result = leadUpdateSchema.safeParse({ status: '', percentComplete: '140', commentary: 'x' });
    expect(fieldErrors(result.error!, { status: 'Choose a status' })).toEqual({
      status: 'Choose a status',
      percentComplete: 'Percent complete must be a whole number from 0 to 100',
    });
  });

  it('refuses a status a lead may not set', () => {
    const result = leadUpdateSchema.safeParse({ status: 'CANCELLED', commentary: 'x' });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!).status).toBe('Select the status of this action');
  });

  it.each(['-5', '12.5', 'forty'])('refuses percent %j', (percentComplete) => {
    const result = leadUpdateSchema.safeParse({ status: 'ON_TRACK', percentComplete, commentary: 'x' });
    expect(fieldErrors(result.error!).percentComplete).toMatch(/whole number/);
  });
});

describe('proposing a new due date', () => {
  const base = { status: 'AT_RISK', commentary: 'Funding delayed' };

  it('reads the GOV.UK date fields into a date, with its reason', () => {
    expect(
      leadUpdateSchema.parse({
        ...base,
        proposedDueDateDay: '30',
        proposedDueDateMonth: '6',
        proposedDueDateYear: '2027',
        proposedDueDateReason: 'Waiting for the new contract',
      }),
    ).toMatchObject({ proposedDueDate: '2027-06-30', proposedDueDateReason: 'Waiting for the new contract' });
  });

  it('refuses an impossible date and a date without a reason', () => {
    const impossible = leadUpdateSchema.safeParse({
      ...base,
      proposedDueDateDay: '31',
      proposedDueDateMonth: '2',
      proposedDueDateYear: '2027',
      proposedDueDateReason: 'x',
    });
    expect(fieldErrors(impossible.error!).proposedDueDate).toMatch(/real date/);
    const unexplained = leadUpdateSchema.safeParse({
      ...base,
      proposedDueDateDay: '1',
      proposedDueDateMonth: '7',
      proposedDueDateYear: '2027',
    });
    expect(fieldErrors(unexplained.error!).proposedDueDateReason).toBe('Say why the date needs to change');
  });

  it('has no proposed date when the fields are empty', () => {
    expect(
      leadUpdateSchema.parse({
        ...base,
        proposedDueDateDay: '',
        proposedDueDateMonth: '',
        proposedDueDateYear: '',
      }),
    ).toMatchObject({ proposedDueDate: undefined });
  });
});
