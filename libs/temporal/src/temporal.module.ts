import { Global, Module } from '@nestjs/common';
import { ActionWorkflows } from './action-workflows';
import { KpiCollectionWorkflows } from './kpi-collection-workflows';
import { TemporalClient } from './temporal-client';

const providers = [TemporalClient, ActionWorkflows, KpiCollectionWorkflows];

@Global()
@Module({ providers, exports: providers })
export class TemporalModule {}
