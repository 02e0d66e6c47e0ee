import { Module } from '@nestjs/common';
import { AnnualReturnModule } from '@waymark/annual-return';
import { EvidenceModule } from '@waymark/evidence';
import { KpisModule } from '@waymark/kpis';
import { UpdateRequestsModule } from '@waymark/update-requests';
import { AnswerRecorder } from './answer-recorder';
import { AnswerSignals } from './answer-signals';
import { RecordedAnswers } from './recorded-answers';
import { UpdateConfirmations } from './update-confirmations';

const providers = [AnswerRecorder, AnswerSignals, RecordedAnswers, UpdateConfirmations];

/** Recording what leads, data owners and providers send, by form, emailed reply or workbook; and confirming it. */
@Module({
  imports: [UpdateRequestsModule, KpisModule, EvidenceModule, AnnualReturnModule],
  providers,
  exports: providers,
})
export class AnswersModule {}
