import { ConflictException } from '@nestjs/common';
import type { AnnualReturnState } from '@waymark/db';

const FROZEN: Readonly<Record<Exclude<AnnualReturnState, 'DRAFT'>, string>> = Object.freeze({
  AWAITING_APPROVAL:
    'This return is awaiting approval by its signatory: it cannot change until they approve it or return it with comments',
  APPROVED: 'This return is approved and frozen: start an amendment to change it',
  SUBMITTED: 'This return is approved and sent to the department: start an amendment to change it',
});

/** Whether a return's figures and explanations may change: only while it is a draft. */
export function isEditable(state: AnnualReturnState): boolean {
  return state === 'DRAFT';
}

/**
 * For every writer of a return's figures and explanations (the coordinator, providers' submissions): a 409
 * saying why, unless the return is a draft. Sent for approval, approved or submitted, it is frozen.
 */
export function assertEditable(annualReturn: { state: AnnualReturnState }): void {
  if (annualReturn.state !== 'DRAFT') throw new ConflictException(FROZEN[annualReturn.state]);
}
