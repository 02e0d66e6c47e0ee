import { Module } from '@nestjs/common';
import { SafeAccommodationServices } from './safe-accommodation.service';

/** The register of commissioned safe-accommodation services (Part 4). */
@Module({ providers: [SafeAccommodationServices], exports: [SafeAccommodationServices] })
export class SafeAccommodationModule {}
