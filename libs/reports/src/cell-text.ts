/** Excel refuses cells longer than 32,767 characters. */
const MAX_CELL_TEXT = 32_000;

/**
 * People's text (titles, commentary, answers, notes) for a cell: null when empty, cut to what Excel takes.
 * It goes in as a string cell, which exceljs writes as a shared string and never as a formula, so a text that
 * starts with = + - or @ is shown as those characters by Excel and LibreOffice, not calculated.
 */
export function cellText(value: string | null | undefined): string | null {
  if (value == null || value === '') return null;
  return value.length > MAX_CELL_TEXT ? `${value.slice(0, MAX_CELL_TEXT)}… (shortened)` : value;
}
