import { Module } from '@nestjs/common';
import { BoardReportDelivery } from './board-report-delivery.service';
import { BoardReportService } from './board-report.service';
import { ReviewPackService } from './review-pack.service';

@Module({
  providers: [BoardReportService, BoardReportDelivery, ReviewPackService],
  exports: [BoardReportService, BoardReportDelivery, ReviewPackService],
})
export class ReportsModule {}
