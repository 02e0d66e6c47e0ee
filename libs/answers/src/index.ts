// @waymark/answers: the one recorder of what leads and data owners send (the secure-link form, an
// emailed reply, the workbook attached to one), the workflows told, and the lead's confirmation.
export * from './answer-recorder';
export * from './answer-signals';
export * from './answers.module';
export * from './recorded-answers';
export * from './update-confirmations';
