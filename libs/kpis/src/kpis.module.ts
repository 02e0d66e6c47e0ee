import { Module } from '@nestjs/common';
import { KpiValueRequestsService } from './kpi-value-requests.service';
import { KpiValuesService } from './kpi-values.service';
import { KpisService } from './kpis.service';

const services = [KpisService, KpiValuesService, KpiValueRequestsService];

@Module({ providers: services, exports: services })
export class KpisModule {}
