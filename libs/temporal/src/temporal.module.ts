import { Global, Module } from '@nestjs/common';
import { ActionWorkflows } from './action-workflows';
import { TemporalClient } from './temporal-client';

@Global()
@Module({ providers: [TemporalClient, ActionWorkflows], exports: [TemporalClient, ActionWorkflows] })
export class TemporalModule {}
