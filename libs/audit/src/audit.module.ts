import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditTrail } from './audit-trail';
import { AuditedWrites } from './audited-writes';

@Global()
@Module({
  providers: [AuditLog, AuditedWrites, AuditTrail],
  exports: [AuditLog, AuditedWrites, AuditTrail],
})
export class AuditModule {}
