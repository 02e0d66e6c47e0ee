import {
  createOutcomeSchema,
  createPrioritySchema,
  createStrategySchema,
  listOutcomesSchema,
  listPrioritiesSchema,
  listStrategiesSchema,
  updateOutcomeSchema,
  updatePrioritySchema,
  updateStrategySchema,
} from '@waymark/contracts';
import { PrioritiesService, StrategiesService } from '@waymark/strategies';
import { adminController } from '../admin/admin-controller';

export const StrategiesController = adminController({
  path: 'strategies',
  noun: 'Strategy',
  service: StrategiesService,
  create: createStrategySchema,
  update: updateStrategySchema,
  list: listStrategiesSchema,
  operations: (service) => service,
});

export const PrioritiesController = adminController({
  path: 'priorities',
  noun: 'Priority',
  service: PrioritiesService,
  create: createPrioritySchema,
  update: updatePrioritySchema,
  list: listPrioritiesSchema,
  operations: (service) => service,
});

export const OutcomesController = adminController({
  path: 'outcomes',
  noun: 'Outcome',
  service: PrioritiesService,
  create: createOutcomeSchema,
  update: updateOutcomeSchema,
  list: listOutcomesSchema,
  operations: (service) => ({
    create: (caller, input) => service.createOutcome(caller, input),
    get: (partnershipId, id) => service.getOutcome(partnershipId, id),
    update: (caller, id, input) => service.updateOutcome(caller, id, input),
    archive: (caller, id) => service.archiveOutcome(caller, id),
    list: (partnershipId, query) => service.listOutcomes(partnershipId, query),
  }),
});
