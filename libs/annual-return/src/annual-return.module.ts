import { Module } from '@nestjs/common';
import { ChaseStepsModule } from '@waymark/chasing';
import { AnnualReturns } from './annual-returns.service';
import { ProviderReturnChase } from './provider-chase';
import { ProviderRequests } from './provider-requests';
import { ReturnCollection } from './return-collection';
import { ReturnTemplates } from './return-templates.service';
import { WaymarkRecords } from './waymark-records';

/**
 * The annual Part 4 return: the year's template versions, each year's return with its figures, the
 * providers' requests that feed it and their chase.
 */
@Module({
  imports: [ChaseStepsModule],
  providers: [
    ReturnTemplates,
    AnnualReturns,
    WaymarkRecords,
    ProviderRequests,
    ProviderReturnChase,
    ReturnCollection,
  ],
  exports: [ReturnTemplates, AnnualReturns, ProviderRequests, ProviderReturnChase, ReturnCollection],
})
export class AnnualReturnModule {}
