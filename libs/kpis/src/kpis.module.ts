import { Module } from '@nestjs/common';
import { ChaseStepsModule } from '@waymark/chasing';
import { KpiValueChase } from './kpi-value-chase';
import { KpiValueRequestsService } from './kpi-value-requests.service';
import { KpiValuesService } from './kpi-values.service';
import { KpisService } from './kpis.service';

const services = [KpisService, KpiValuesService, KpiValueRequestsService, KpiValueChase];

@Module({ imports: [ChaseStepsModule], providers: services, exports: services })
export class KpisModule {}
