import { Module } from '@nestjs/common';
import { ContactsSheetService } from './contacts-import.service';
import { PlanImportService } from './plan-import.service';

@Module({
  providers: [PlanImportService, ContactsSheetService],
  exports: [PlanImportService, ContactsSheetService],
})
export class PlanImportModule {}
