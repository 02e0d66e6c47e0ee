import { Module } from '@nestjs/common';
import { BoardReportDelivery } from './board-report-delivery.service';
import { BoardReportService } from './board-report.service';

@Module({
  providers: [BoardReportService, BoardReportDelivery],
  exports: [BoardReportService, BoardReportDelivery],
})
export class ReportsModule {}
