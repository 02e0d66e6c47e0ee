import { Module } from '@nestjs/common';
import { AnnualReturns } from './annual-returns.service';
import { ReturnSignOff } from './return-sign-off';
import { ReturnTemplates } from './return-templates.service';
import { WaymarkRecords } from './waymark-records';

/**
 * The annual Part 4 return: the year's template versions, each year's return with its figures, and its
 * sign-off (approval, frozen versions, amendments, the submission to the department).
 */
@Module({
  providers: [ReturnTemplates, AnnualReturns, WaymarkRecords, ReturnSignOff],
  exports: [ReturnTemplates, AnnualReturns, ReturnSignOff],
})
export class AnnualReturnModule {}
