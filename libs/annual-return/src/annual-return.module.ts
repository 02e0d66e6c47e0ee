import { Module } from '@nestjs/common';
import { ChaseStepsModule } from '@waymark/chasing';
import { AnnualReports } from './annual-reports.service';
import { AnnualReturns } from './annual-returns.service';
import { ProviderReturnChase } from './provider-chase';
import { ProviderRequests } from './provider-requests';
import { ReturnCollection } from './return-collection';
import { ReturnSignOff } from './return-sign-off';
import { ReturnTemplates } from './return-templates.service';
import { WaymarkRecords } from './waymark-records';

/**
 * The annual Part 4 return: the year's template versions, each year's return with its figures and its
 * report, the providers' requests that feed it and their chase, and its sign-off (approval, frozen
 * versions, amendments, the submission to the department).
 */
@Module({
  imports: [ChaseStepsModule],
  providers: [
    ReturnTemplates,
    AnnualReturns,
    AnnualReports,
    WaymarkRecords,
    ProviderRequests,
    ProviderReturnChase,
    ReturnCollection,
    ReturnSignOff,
  ],
  exports: [
    ReturnTemplates,
    AnnualReturns,
    AnnualReports,
    ProviderRequests,
    ProviderReturnChase,
    ReturnCollection,
    ReturnSignOff,
  ],
})
export class AnnualReturnModule {}
