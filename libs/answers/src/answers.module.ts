import { Module } from '@nestjs/common';
import { EvidenceModule } from '@waymark/evidence';
import { KpisModule } from '@waymark/kpis';
import { UpdateRequestsModule } from '@waymark/update-requests';
import { AnswerRecorder } from './answer-recorder';
import { AnswerSignals } from './answer-signals';
import { RecordedAnswers } from './recorded-answers';
import { UpdateConfirmations } from './update-confirmations';

const providers = [AnswerRecorder, AnswerSignals, RecordedAnswers, UpdateConfirmations];

/** Recording what leads and data owners send, by form, emailed reply or workbook; and confirming it. */
@Module({
  imports: [UpdateRequestsModule, KpisModule, EvidenceModule],
  providers,
  exports: providers,
})
export class AnswersModule {}
