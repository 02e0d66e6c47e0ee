import {
  createSafeAccommodationServiceSchema,
  listSafeAccommodationServicesSchema,
  updateSafeAccommodationServiceSchema,
} from '@waymark/contracts';
import { SafeAccommodationServices } from '@waymark/safe-accommodation';
import { adminController } from '../admin/admin-controller';

/** The register of commissioned safe-accommodation services: `/api/safe-accommodation-services`. */
export const SafeAccommodationServicesController = adminController({
  path: 'safe-accommodation-services',
  noun: 'SafeAccommodationService',
  service: SafeAccommodationServices,
  create: createSafeAccommodationServiceSchema,
  update: updateSafeAccommodationServiceSchema,
  list: listSafeAccommodationServicesSchema,
  operations: (s) => s,
});
