import { Module } from '@nestjs/common';
import { UpdateRequestsService } from './update-requests.service';

@Module({ providers: [UpdateRequestsService], exports: [UpdateRequestsService] })
export class UpdateRequestsModule {}
