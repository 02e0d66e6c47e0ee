// Reading a workbook back with exceljs, a table sheet at a time: each row as its cells' text by header.
import ExcelJS from 'exceljs';

export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Each row under the header row, as its cells' text (as shown) by header; an empty cell is "". */
export function rowsOf(sheet: ExcelJS.Worksheet): Record<string, string>[] {
  const headers: string[] = [];
  sheet.getRow(1).eachCell((cell, col) => (headers[col] = String(cell.value)));
  const rows: Record<string, string>[] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(headers.flatMap((h, col) => (h ? [[h, row.getCell(col).text]] : []))));
  }
  return rows;
}
