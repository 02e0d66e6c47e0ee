import { Module } from '@nestjs/common';
import { AnnualReturns } from './annual-returns.service';
import { ReturnTemplates } from './return-templates.service';
import { WaymarkRecords } from './waymark-records';

/** The annual Part 4 return: the year's template versions, and each year's return with its figures. */
@Module({
  providers: [ReturnTemplates, AnnualReturns, WaymarkRecords],
  exports: [ReturnTemplates, AnnualReturns],
})
export class AnnualReturnModule {}
