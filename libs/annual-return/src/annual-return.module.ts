import { Module } from '@nestjs/common';
import { AnnualReports } from './annual-reports.service';
import { AnnualReturns } from './annual-returns.service';
import { ReturnTemplates } from './return-templates.service';
import { WaymarkRecords } from './waymark-records';

/** The annual Part 4 return: the year's template versions, each year's return with its figures, its report. */
@Module({
  providers: [ReturnTemplates, AnnualReturns, AnnualReports, WaymarkRecords],
  exports: [ReturnTemplates, AnnualReturns, AnnualReports],
})
export class AnnualReturnModule {}
