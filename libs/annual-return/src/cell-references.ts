// How a cell of the return is named to a person: its reference, written as the rule language writes one
// cell (`Q01_BEDSPACES[refuge]`, `Q04_INDIVIDUALS_BY_TYPE[refuge, women]`, `Q04_INDIVIDUALS_TOTAL`), and
// its label from the code lists. Replies by email give figures against these references.
import type { ReturnQuestion, ReturnTemplate } from '@waymark/return-template';

export function cellReference(questionKey: string, cellKey: string): string {
  return cellKey === '' ? questionKey : `${questionKey}[${cellKey.split(',').join(', ')}]`;
}

/** The cell's codes as their labels ("Refuge · Women"); empty for a question without dimensions. */
export function cellLabel(template: ReturnTemplate, question: ReturnQuestion, cellKey: string): string {
  if (cellKey === '') return '';
  return cellKey
    .split(',')
    .map(
      (code, d) =>
        template.codeLists[question.dimensions[d]].codes.find((c) => c.code === code)?.label ?? code,
    )
    .join(' · ');
}

/** Reads a reference as written in a reply (case and spaces forgiven): its question key and cell key. */
export function readCellReference(text: string): { questionKey: string; cellKey: string } | null {
  const match = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\[([^\]]*)\])?\s*$/.exec(text);
  if (!match) return null;
  const codes = match[2] === undefined ? [] : match[2].split(',').map((c) => c.trim().toLowerCase());
  if (codes.some((c) => c === '')) return null;
  return { questionKey: match[1].toUpperCase(), cellKey: codes.join(',') };
}
