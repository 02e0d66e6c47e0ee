import { Module } from '@nestjs/common';
import { EvidenceAdminService } from './evidence-admin.service';
import { EvidenceService } from './evidence.service';

@Module({
  providers: [EvidenceService, EvidenceAdminService],
  exports: [EvidenceService, EvidenceAdminService],
})
export class EvidenceModule {}
