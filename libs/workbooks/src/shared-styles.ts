// exceljs finds a cell's style in the workbook's style table by writing the style out as XML and looking the
// XML up, each time, unless it has met that very style object before. Every cell has a style object of its
// own, so a report of a hundred thousand styled cells spent most of its writing time on this. Cells styled
// alike are given one shared object, and exceljs works each style out once.
import type { Cell, Style } from 'exceljs';

export class SharedStyles {
  private readonly partIds = new WeakMap<object, number>();
  private readonly partsByContent = new Map<string, number>();
  private readonly styles = new Map<string, Partial<Style>>();

  /** Gives the cell the one style object of every cell styled as it is. Call it once the cell is styled. */
  share(cell: Cell): void {
    const style = cell.style;
    const value = cell.value;
    // With no number format, exceljs formats a date by its value's type, so a date's style is its own.
    const date =
      value instanceof Date ||
      (value !== null && typeof value === 'object' && 'result' in value && value.result instanceof Date);
    const key = [
      style.numFmt ?? '',
      this.idOf(style.font),
      this.idOf(style.alignment),
      this.idOf(style.border),
      this.idOf(style.fill),
      this.idOf(style.protection),
      date ? 'date' : '',
    ].join('|');
    const shared = this.styles.get(key);
    if (shared) cell.style = shared;
    else this.styles.set(key, style);
  }

  /** A number for a part of a style (a font, a fill), the same for parts alike: by reference, else by content. */
  private idOf(part: object | undefined): number | '' {
    if (part === undefined) return '';
    let id = this.partIds.get(part);
    if (id === undefined) {
      const content = JSON.stringify(part);
      id = this.partsByContent.get(content) ?? this.partsByContent.size;
      this.partsByContent.set(content, id);
      this.partIds.set(part, id);
    }
    return id;
  }
}
