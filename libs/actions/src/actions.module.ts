import { Module } from '@nestjs/common';
import { ActionsService } from './actions.service';
import { ProgressService } from './progress.service';

@Module({ providers: [ActionsService, ProgressService], exports: [ActionsService, ProgressService] })
export class ActionsModule {}
