// @waymark/plan-import: council action plan spreadsheets in (.xlsx, CSV) and out (.xlsx).
export {
  MAX_UNZIPPED_PLAN_BYTES,
  PlanFileError,
  readPlanFile,
  type PlanFile,
  type SheetGrid,
} from './plan-file';
export { KIND_WORDS, columnLetter, normaliseHeader } from './plan-columns';
export * from './plan-import.contract';
export * from './plan-import.module';
export * from './plan-import.service';
export * from './plan-export';
export * from './contacts-import.contract';
export * from './contacts-import.service';
