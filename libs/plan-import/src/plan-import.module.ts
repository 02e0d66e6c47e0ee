import { Module } from '@nestjs/common';
import { PlanImportService } from './plan-import.service';

@Module({ providers: [PlanImportService], exports: [PlanImportService] })
export class PlanImportModule {}
