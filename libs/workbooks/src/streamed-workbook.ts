// A workbook written as it is built, with exceljs's streaming writer: a table sheet is measured, then written
// and compressed a row at a time (its rows never all held as exceljs cells, nor as one sheet of XML), so a
// report of tens of thousands of rows is built in a fraction of the memory and time of exceljs's document
// workbook. The sheets a layout needs whole (a summary whose chart must not straddle a page break, a sheet of
// pictures) are laid out in a document workbook as before, then written through the same writer.
//
// exceljs's streaming writer cannot place pictures; this one can. Each picture goes into a drawing part of
// its sheet, as exceljs's document writer does it; the writer is told of the drawing through two of its
// inner parts (the sheet's relationships, and the point where it writes the sheet's legacy drawing, which
// comes just after where a drawing goes): the render test and the board report's tests read every picture
// back, should a new exceljs change them.
import { Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import ExcelJS, {
  type CellValue,
  type Column,
  type Style,
  type Workbook,
  type Worksheet,
  type WorksheetProperties,
} from 'exceljs';
import {
  ColumnWidths,
  fitRowHeight,
  overflows,
  printScale,
  roomAtSmallestScale,
  shownCell,
  wrapped,
} from './layout';
import { SharedStyles } from './shared-styles';
import {
  type ColumnSpec,
  FONTS,
  headerStyle,
  printSetUp,
  styleHeaderRow,
  styleOfKind,
} from './workbook-styles';

/** A row of a table sheet: its values, column by column, and any cell styled apart from its column. */
export interface TableRow {
  values: readonly CellValue[];
  /** By column (1-based): a style laid over the column's (a RAG cell's colours, a link's font). */
  styles?: Readonly<Record<number, Readonly<Partial<Style>>>>;
}

/** A sheet that is one table, its header in row 1: streamed a row at a time. */
export interface TableSheet {
  name: string;
  columns: readonly ColumnSpec[];
  rows: readonly TableRow[];
  /** Repeated on every printed page when the table is too wide to fit one at 70% or more (such as 'A:C'). */
  keyColumns?: string;
  /** Filters over the first so many columns (all of them unless given). */
  filterColumns?: number;
  properties?: Partial<WorksheetProperties>;
}

/** Rows written between pauses that let the zip compress what has been written. */
const ROWS_PER_PAUSE = 250;

const DRAWING_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Pixels (at 96 dpi) to the drawing's unit, English Metric Units. */
const EMU_PER_PIXEL = 9525;

interface Zip {
  append(source: string | Buffer, data: { name: string }): void;
}

/** exceljs's streaming worksheet (WorksheetWriter): a Worksheet for the methods used here, and these. */
type SheetWriter = Worksheet & {
  commit(): void;
  rowBreaks: unknown[];
  stream: { write(xml: string): void };
  _sheetRelsWriter: { addRelationship(rel: { Type: string; Target: string }): string };
  _writeLegacyData(): void;
};

interface SheetOptions {
  properties?: Partial<WorksheetProperties>;
  pageSetup?: Partial<ExcelJS.PageSetup>;
  headerFooter?: Partial<ExcelJS.HeaderFooter>;
  views?: Partial<ExcelJS.WorksheetView>[];
  autoFilter?: ExcelJS.AutoFilter;
}

/** exceljs's streaming workbook, with the content type of each drawing part added to the package's list. */
class Writer extends ExcelJS.stream.xlsx.WorkbookWriter {
  readonly drawings: string[] = [];

  /** The zip the package is written to (made by the base class's constructor). */
  get archive(): Zip {
    return (this as unknown as { zip: Zip }).zip;
  }

  override async addContentTypes(): Promise<void> {
    const zip = this.archive;
    const append = zip.append;
    const overrides = this.drawings
      .map((name) => `<Override PartName="/${name}" ContentType="${DRAWING_TYPE}"/>`)
      .join('');
    zip.append = (source, data) =>
      append.call(
        zip,
        typeof source === 'string' && data.name === '[Content_Types].xml'
          ? source.replace('</Types>', `${overrides}</Types>`)
          : source,
        data,
      );
    try {
      await super.addContentTypes();
    } finally {
      zip.append = append;
    }
  }

  addSheet(name: string, options: SheetOptions): SheetWriter {
    return this.addWorksheet(name, options as Partial<ExcelJS.AddWorksheetOptions>) as SheetWriter;
  }
}

export class StreamedWorkbook {
  private readonly chunks: Buffer[] = [];
  private readonly writer: Writer;
  private readonly styles = new SharedStyles();

  constructor(properties: { creator: string; created: Date; title?: string; subject?: string }) {
    const chunks = this.chunks;
    this.writer = new Writer({
      stream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
      }),
      useStyles: true,
      useSharedStrings: true,
      ...({
        creator: properties.creator,
        lastModifiedBy: properties.creator,
        created: properties.created,
      } as object),
    });
    Object.assign(this.writer, { title: properties.title, subject: properties.subject });
  }

  /**
   * Writes a sheet that was laid out whole in a document workbook: its cells, styles, widths, heights, merges,
   * page breaks, print set-up and pictures. The sheet is done with once written.
   */
  async addSheet(sheet: Worksheet): Promise<void> {
    const validations = (sheet as unknown as { dataValidations: { model: object } }).dataValidations;
    if (Object.keys(validations.model).length > 0 || (sheet as { sheetProtection?: object }).sheetProtection)
      throw new Error(`Sheet ${sheet.name}: data validation and protection are not written by a stream`);
    const out = this.writer.addSheet(sheet.name, {
      properties: sheet.properties,
      pageSetup: sheet.pageSetup,
      headerFooter: sheet.headerFooter,
      views: sheet.views,
      autoFilter: sheet.autoFilter,
    });
    out.columns = (sheet.columns ?? []).map((c: Partial<Column>) => ({
      width: c.width,
      hidden: c.hidden,
      style: c.style,
    }));
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const copy = out.getRow(number);
      if (row.height) copy.height = row.height;
      row.eachCell((cell, col) => {
        if (cell.isMerged && cell.master !== cell) return;
        const to = copy.getCell(col);
        to.value = cell.value;
        to.style = cell.style;
        this.styles.share(to);
      });
    });
    const merges = (sheet as unknown as { _merges: Record<string, { range: string }> })._merges;
    for (const merge of Object.values(merges)) out.mergeCells(merge.range);
    out.rowBreaks.push(...(sheet as unknown as { rowBreaks: unknown[] }).rowBreaks);
    this.addPictures(out, sheet);
    out.commit();
    await setImmediate();
  }

  /**
   * Writes a table sheet row by row: measured first (widths from content, capped at each column's given
   * width, and from them the print scale), then each row written with its height and compressed.
   */
  async addTable(table: TableSheet): Promise<void> {
    const { columns, rows } = table;
    const kinds = columns.map((c) => c.kind ?? 'text');
    const columnStyles = kinds.map((kind, i) => ({ font: FONTS.body, ...styleOfKind(kind, kinds[i - 1]) }));
    const styleAt = (row: TableRow, col: number): Partial<Style> => {
      const own = row.styles?.[col];
      return own ? { ...columnStyles[col - 1], ...own } : columnStyles[col - 1];
    };

    const measure = new ColumnWidths({
      columns: Object.fromEntries(columns.map((c, i) => [i + 1, { max: c.width }])),
    });
    columns.forEach((c, i) => measure.add(i + 1, shownCell(c.header, headerStyle(kinds[i], kinds[i - 1]))));
    for (const row of rows)
      row.values.forEach((value, i) => {
        const style = styleAt(row, i + 1);
        measure.add(i + 1, shownCell(value, style));
      });
    const { pageSetup, headerFooter } = printSetUp(table.name, '1:1');
    const unmeasured = columns.filter((_, i) => !measure.measured(i + 1)).map((c) => c.width);
    const measured = measure.widths(roomAtSmallestScale(pageSetup.orientation, unmeasured));
    const widths = columns.map((c, i) => measured.get(i + 1) ?? c.width);

    const scale = printScale(widths, pageSetup.orientation, table.keyColumns);
    const sheet = this.writer.addSheet(table.name, {
      properties: table.properties,
      pageSetup: { ...pageSetup, ...scale.pageSetup },
      headerFooter,
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
      autoFilter: {
        from: { row: 1, column: 1 },
        to: { row: rows.length + 1, column: table.filterColumns ?? columns.length },
      },
    });
    sheet.columns = columns.map((c, i) => ({ header: c.header, width: widths[i], style: columnStyles[i] }));
    styleHeaderRow(sheet, 1, columns.length, 1, kinds);
    this.commitRow(sheet, sheet.getRow(1));

    for (let index = 0; index < rows.length; index += 1) {
      const values = rows[index];
      const row = sheet.addRow([...values.values]);
      row.eachCell((cell, col) => {
        const own = values.styles?.[col];
        if (own) cell.style = styleAt(values, col);
        // What no longer fits on one line wraps.
        if (!cell.alignment?.wrapText && overflows(cell.value, cell.style, widths[col - 1]))
          cell.style = { ...cell.style, alignment: wrapped(cell.alignment) };
      });
      this.commitRow(sheet, row);
      if (index % ROWS_PER_PAUSE === ROWS_PER_PAUSE - 1) await setImmediate();
    }
    sheet.commit();
    await setImmediate();
  }

  /** The workbook as .xlsx bytes, once every sheet has been added. */
  async finish(): Promise<Buffer> {
    await this.writer.commit();
    return Buffer.concat(this.chunks);
  }

  private commitRow(sheet: SheetWriter, row: ExcelJS.Row): void {
    fitRowHeight(sheet, row);
    row.eachCell((cell) => this.styles.share(cell));
    row.commit();
  }

  /** The sheet's pictures, each at its own size with its top-left corner where it was placed, in a drawing. */
  private addPictures(out: SheetWriter, sheet: Worksheet): void {
    const images = sheet.getImages();
    if (images.length === 0) return;
    const source = (sheet as unknown as { workbook: Workbook }).workbook;
    const name = `drawing${this.writer.drawings.length + 1}`;
    this.writer.drawings.push(`xl/drawings/${name}.xml`);
    const targets: string[] = [];
    const anchors = images.map((image, index) => {
      const { tl, ext } = image.range as typeof image.range & { ext?: { width: number; height: number } };
      if (!ext) throw new Error(`Sheet ${sheet.name}: a picture is placed by its corner at its own size`);
      const picture = source.getImage(Number(image.imageId));
      const file = this.writer.getImage(
        this.writer.addImage({ buffer: picture.buffer, extension: picture.extension }),
      ) as unknown as { name: string };
      const rel = `rId${index + 1}`;
      targets.push(
        `<Relationship Id="${rel}" Type="${RELATIONSHIPS}/image" Target="../media/${file.name}"/>`,
      );
      const [cx, cy] = [Math.floor(ext.width * EMU_PER_PIXEL), Math.floor(ext.height * EMU_PER_PIXEL)];
      return (
        '<xdr:oneCellAnchor>' +
        `<xdr:from><xdr:col>${tl.nativeCol}</xdr:col><xdr:colOff>${tl.nativeColOff}</xdr:colOff>` +
        `<xdr:row>${tl.nativeRow}</xdr:row><xdr:rowOff>${tl.nativeRowOff}</xdr:rowOff></xdr:from>` +
        `<xdr:ext cx="${cx}" cy="${cy}"/>` +
        `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${index + 2}" name="Picture ${index + 1}"/>` +
        '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>' +
        `<xdr:blipFill><a:blip xmlns:r="${RELATIONSHIPS}" r:embed="${rel}"/>` +
        '<a:stretch><a:fillRect/></a:stretch></xdr:blipFill>' +
        `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm>` +
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/>' +
        '</xdr:oneCellAnchor>'
      );
    });
    const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    this.writer.archive.append(
      `${xml}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ` +
        `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${anchors.join('')}</xdr:wsDr>`,
      { name: `xl/drawings/${name}.xml` },
    );
    this.writer.archive.append(
      `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `${targets.join('')}</Relationships>`,
      { name: `xl/drawings/_rels/${name}.xml.rels` },
    );
    // The sheet names its drawing where it would name a legacy drawing, just after.
    const rel = out._sheetRelsWriter.addRelationship({
      Type: `${RELATIONSHIPS}/drawing`,
      Target: `../drawings/${name}.xml`,
    });
    const writeLegacyData = out._writeLegacyData.bind(out);
    out._writeLegacyData = () => {
      out.stream.write(`<drawing r:id="${rel}"/>`);
      writeLegacyData();
    };
  }
}
