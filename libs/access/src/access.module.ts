import { Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { Scope } from './scope';

@Module({ providers: [AccessService, Scope], exports: [AccessService, Scope] })
export class AccessModule {}
