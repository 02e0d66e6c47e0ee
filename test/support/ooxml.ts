// A second, independent reader for .xlsx files: opens the OOXML zip (JSZip) and parses the parts
// (fast-xml-parser) without exceljs, so a test can check what Excel itself will read: sheet names, cell
// values, fills, number formats, frozen panes, filters, print settings and pictures.
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) =>
    ['sheet', 'row', 'c', 'xf', 'fill', 'numFmt', 'si', 'r', 'definedName', 'Relationship'].includes(name),
});

const list = <T = Node>(value: unknown): T[] =>
  (value === undefined ? [] : Array.isArray(value) ? value : [value]) as T[];

/** Text of a shared string or inline string: plain or rich (runs). */
function textOf(si: Node): string {
  if (si.t !== undefined)
    return typeof si.t === 'object' ? String((si.t as Node)['#text'] ?? '') : String(si.t);
  return list<Node>(si.r)
    .map((r) => (typeof r.t === 'object' ? String((r.t as Node)['#text'] ?? '') : String(r.t ?? '')))
    .join('');
}

export interface OoxmlCell {
  ref: string;
  /** Strings as text, numbers as numbers (dates stay Excel serial numbers), booleans as booleans. */
  value: string | number | boolean | null;
  /** The cell's number format code ("General" when none). */
  numFmt: string;
  /** The ARGB of a solid fill, or null. */
  fill: string | null;
}

export interface OoxmlSheet {
  name: string;
  xml: Node;
  cell(ref: string): OoxmlCell | undefined;
  /** Every cell of a row, by column letter. */
  row(n: number): Record<string, OoxmlCell>;
  frozen: { xSplit: number; ySplit: number } | null;
  autoFilter: string | null;
  pageSetup: Record<string, string>;
  fitToPage: boolean;
  /** Pictures the sheet shows, as zip paths (xl/media/…). */
  images: string[];
}

export interface OoxmlWorkbook {
  sheetNames: string[];
  sheet(name: string): OoxmlSheet;
  /** Defined names such as _xlnm.Print_Titles, by name and local sheet index. */
  definedNames: { name: string; localSheetId: string | undefined; value: string }[];
  file(path: string): Promise<Buffer>;
  properties: Node;
}

const BUILT_IN_FORMATS: Record<string, string> = {
  '0': 'General',
  '1': '0',
  '3': '#,##0',
  '9': '0%',
  '14': 'mm-dd-yy',
};

function resolve(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function relsPathOf(part: string): string {
  const parts = part.split('/');
  const file = parts.pop();
  return [...parts, '_rels', `${file}.rels`].join('/');
}

export async function readOoxml(bytes: Buffer): Promise<OoxmlWorkbook> {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (path: string): Promise<Node> => {
    const file = zip.file(path);
    if (!file) throw new Error(`${path} is not in the workbook`);
    return parser.parse(await file.async('string')) as Node;
  };
  const rels = async (part: string) => {
    const path = relsPathOf(part);
    if (!zip.file(path)) return new Map<string, { target: string; type: string }>();
    const doc = await read(path);
    return new Map(
      list<Node>((doc.Relationships as Node).Relationship).map((r) => [
        String(r['@Id']),
        { target: resolve(part, String(r['@Target'])), type: String(r['@Type']) },
      ]),
    );
  };

  const workbook = (await read('xl/workbook.xml')).workbook as Node;
  const workbookRels = await rels('xl/workbook.xml');
  const shared = zip.file('xl/sharedStrings.xml')
    ? list<Node>(((await read('xl/sharedStrings.xml')).sst as Node).si).map(textOf)
    : [];
  const styles = (await read('xl/styles.xml')).styleSheet as Node;
  const formats = new Map(
    list<Node>((styles.numFmts as Node | undefined)?.numFmt).map((f) => [
      String(f['@numFmtId']),
      String(f['@formatCode']),
    ]),
  );
  const fills = list<Node>((styles.fills as Node).fill).map((f) => {
    const pattern = f.patternFill as Node | undefined;
    if (!pattern || pattern['@patternType'] !== 'solid') return null;
    return String((pattern.fgColor as Node | undefined)?.['@rgb'] ?? '') || null;
  });
  const xfs = list<Node>((styles.cellXfs as Node).xf);

  const sheets = new Map<string, OoxmlSheet>();
  for (const entry of list<Node>((workbook.sheets as Node).sheet)) {
    const name = String(entry['@name']);
    const path = workbookRels.get(String(entry['@r:id']))!.target;
    const xml = (await read(path)).worksheet as Node;
    const cells = new Map<string, OoxmlCell>();
    for (const row of list<Node>((xml.sheetData as Node).row)) {
      for (const c of list<Node>(row.c)) {
        const ref = String(c['@r']);
        const type = c['@t'];
        const raw = c.v === undefined ? undefined : String(c.v);
        let value: OoxmlCell['value'] = null;
        if (type === 's' && raw !== undefined) value = shared[Number(raw)];
        else if (type === 'inlineStr') value = textOf(c.is as Node);
        else if (type === 'str') value = raw ?? null;
        else if (type === 'b') value = raw === '1';
        else if (raw !== undefined) value = Number(raw);
        const xf = xfs[Number(c['@s'] ?? 0)] ?? {};
        const numFmtId = String(xf['@numFmtId'] ?? '0');
        cells.set(ref, {
          ref,
          value,
          numFmt: formats.get(numFmtId) ?? BUILT_IN_FORMATS[numFmtId] ?? `builtin:${numFmtId}`,
          fill: fills[Number(xf['@fillId'] ?? 0)] ?? null,
        });
      }
    }
    const pane = ((xml.sheetViews as Node | undefined)?.sheetView as Node | undefined)?.pane as
      Node | undefined;
    const sheetRels = await rels(path);
    const images: string[] = [];
    const drawingId = (xml.drawing as Node | undefined)?.['@r:id'];
    if (drawingId) {
      const drawingPath = sheetRels.get(String(drawingId))!.target;
      const drawingRels = await rels(drawingPath);
      for (const r of drawingRels.values()) if (r.type.endsWith('/image')) images.push(r.target);
    }
    sheets.set(name, {
      name,
      xml,
      cell: (ref) => cells.get(ref),
      row: (n) =>
        Object.fromEntries(
          [...cells.values()]
            .filter((c) => Number(c.ref.replace(/^[A-Z]+/, '')) === n)
            .map((c) => [c.ref.replace(/\d+$/, ''), c]),
        ),
      frozen:
        pane?.['@state'] === 'frozen'
          ? { xSplit: Number(pane['@xSplit'] ?? 0), ySplit: Number(pane['@ySplit'] ?? 0) }
          : null,
      autoFilter: ((xml.autoFilter as Node | undefined)?.['@ref'] as string | undefined) ?? null,
      pageSetup: Object.fromEntries(
        Object.entries((xml.pageSetup as Node | undefined) ?? {}).map(([k, v]) => [
          k.replace(/^@/, ''),
          String(v),
        ]),
      ),
      fitToPage: ((xml.sheetPr as Node | undefined)?.pageSetUpPr as Node | undefined)?.['@fitToPage'] === '1',
      images,
    });
  }
  return {
    sheetNames: [...sheets.keys()],
    sheet: (name) => {
      const found = sheets.get(name);
      if (!found) throw new Error(`No sheet "${name}" (sheets: ${[...sheets.keys()].join(', ')})`);
      return found;
    },
    definedNames: list<Node>((workbook.definedNames as Node | undefined)?.definedName).map((d) => ({
      name: String(d['@name']),
      localSheetId: d['@localSheetId'] === undefined ? undefined : String(d['@localSheetId']),
      value: String(d['#text']),
    })),
    file: async (path) => {
      const file = zip.file(path);
      if (!file) throw new Error(`${path} is not in the workbook`);
      return file.async('nodebuffer');
    },
    properties: ((await read('docProps/core.xml'))['cp:coreProperties'] as Node) ?? {},
  };
}
