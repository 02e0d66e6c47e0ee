import { normaliseName } from './leads';

/** A priority (theme) cell as plans write it: "Theme 1 - Early intervention", "Priority 2 – Provision", "Prevention". */
export interface PriorityCell {
  ref: string | null;
  title: string | null;
}

export interface PriorityName {
  id: string;
  ref: string;
  title: string;
}

/** A heading row that names a priority: "Theme 3: Safe Accommodation", "Priority 2 - Provision". */
export const PRIORITY_HEADING =
  /^(?:strategic\s+)?(?:theme|priority|objective|section|workstream|pillar|strand)\s*[a-z]?\d+\b/i;

export function parsePriorityCell(cell: string): PriorityCell {
  const text = cell.trim().replace(/\s+/g, ' ');
  const m = text.match(
    /^(?:(?:strategic\s+)?(?:theme|priority|objective|section|workstream|pillar|strand)\s*)?([a-z]?\d+(?:\.\d+)*)\s*(?:[-–—:.)]\s*|\s+|$)(.*)$/i,
  );
  if (m) return { ref: m[1].toUpperCase(), title: m[2].trim() || null };
  return { ref: null, title: text || null };
}

/** The existing priority a cell names: by ref first, then by title. */
export function findPriority(cell: PriorityCell, priorities: PriorityName[]): PriorityName | undefined {
  const ref = cell.ref ? bareRef(cell.ref) : null;
  const byRef = ref ? priorities.find((p) => bareRef(p.ref) === ref) : undefined;
  if (byRef) return byRef;
  const title = cell.title ? normaliseName(cell.title) : '';
  return title ? priorities.find((p) => normaliseName(p.title) === title) : undefined;
}

/** "P1", "T1" and "1" are the same priority ref within one plan. */
function bareRef(ref: string): string {
  return ref.toUpperCase().replace(/^[A-Z](?=\d)/, '');
}
