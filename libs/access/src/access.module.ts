import { Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { RateLimitStore } from './rate-limit-store';
import { Scope } from './scope';

@Module({
  providers: [AccessService, Scope, RateLimitStore],
  exports: [AccessService, Scope, RateLimitStore],
})
export class AccessModule {}
