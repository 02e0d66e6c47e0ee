// Prints a workbook the way a board member's printer sees it: LibreOffice headless converts the .xlsx to PDF
// (with a user profile of its own, so runs in parallel do not share one), poppler gives the PDF's text layer
// (pdftotext), its pictures page by page (pdfimages) and the pages as PNGs (pdftoppm). Needs the Debian
// packages libreoffice-calc-nogui, poppler-utils and fonts-crosextra-carlito (`.ci/run` installs them).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';

const run = promisify(execFile);

/** LibreOffice's first start (creating its profile) alone can take half a minute on a small machine. */
export const RENDER_TIMEOUT_MS = 180_000;

const INSTALL = 'apt-get install -y libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito';

/** Fails, saying what to install, when LibreOffice or poppler is missing: the render test is never skipped. */
export async function checkRenderTools(): Promise<void> {
  for (const [tool, args] of [
    ['soffice', ['--version']],
    ['pdftotext', ['-v']],
    ['pdfimages', ['-v']],
    ['pdftoppm', ['-v']],
  ] as const) {
    try {
      await run(tool, [...args], { timeout: 60_000 });
    } catch (error) {
      throw new Error(
        `${tool} is needed to print workbooks to PDF and is not installed (${String(error)}). Install it: ${INSTALL}`,
      );
    }
  }
  // Column widths are counted in characters of the workbook's default font, Calibri: without Carlito (its
  // metric twin, which LibreOffice ships with on Windows and macOS) every column prints a third wider.
  const { stdout: calibri } = await run('fc-match', ['Calibri']).catch(() => ({ stdout: '' }));
  if (!/Carlito/i.test(calibri))
    throw new Error(
      `The Carlito font (for Calibri) is needed to print workbooks as Excel would. Install it: ${INSTALL}`,
    );
}

export interface RenderedWorkbook {
  pdf: Buffer;
  /** The PDF's text layer, one string per page. */
  pages: string[];
  /** The page (1-based) of each picture drawn, one entry per drawing: a picture cut by a page break is drawn twice. */
  pictures: number[];
  /** The first page as a PNG. */
  firstPage(): Promise<Buffer>;
  dispose(): Promise<void>;
}

export async function renderWorkbook(xlsx: Buffer, name = 'workbook'): Promise<RenderedWorkbook> {
  const dir = await mkdtemp(join(tmpdir(), 'waymark-render-'));
  const file = join(dir, `${name}.xlsx`);
  await writeFile(file, xlsx);
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      file,
    ],
    { timeout: RENDER_TIMEOUT_MS },
  );
  const pdfPath = join(dir, `${name}.pdf`);
  const pdf = await readFile(pdfPath).catch(() => {
    throw new Error(`LibreOffice did not convert ${name}.xlsx to PDF`);
  });
  const { stdout: text } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdfPath, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  const { stdout: list } = await run('pdfimages', ['-list', pdfPath]);
  const pictures = list
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length > 3 && cols[2] === 'image')
    .map((cols) => Number(cols[0]));
  return {
    pdf,
    pages,
    pictures,
    firstPage: async () => {
      await run('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdfPath,
        join(dir, 'first'),
      ]);
      return readFile(join(dir, 'first.png'));
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Splits text into the words a reader sees, so that a line wrapped at a hyphen or a slash still counts. */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/[\s\-‐/]+/)
    .filter(Boolean);
}

/**
 * Every word of every text cell that prints (hidden rows and columns left out), counted: a cell cut at its
 * border or its row's height loses words from the PDF's text, so the PDF must hold at least these counts.
 */
export async function printedCellWords(xlsx: Buffer): Promise<Map<string, number>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  const counts = new Map<string, number>();
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) => {
      if (row.hidden) return;
      row.eachCell((cell) => {
        if (sheet.getColumn(cell.col).hidden) return;
        if (cell.isMerged && cell.master !== cell) return;
        const value = cell.value;
        const text =
          typeof value === 'string'
            ? value
            : value && typeof value === 'object' && 'text' in value
              ? String(value.text)
              : value && typeof value === 'object' && 'richText' in value
                ? value.richText.map((r) => r.text).join('')
                : null;
        if (text) for (const word of wordsOf(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
      });
    });
  }
  return counts;
}

/** The words of the cells that the PDF shows fewer times than the workbook holds them, with the counts. */
export function missingWords(cells: Map<string, number>, pages: readonly string[]): string[] {
  const printed = new Map<string, number>();
  for (const word of wordsOf(pages.join('\n'))) printed.set(word, (printed.get(word) ?? 0) + 1);
  return [...cells]
    .filter(([word, count]) => (printed.get(word) ?? 0) < count)
    .map(([word, count]) => `${word} (${printed.get(word) ?? 0} of ${count})`);
}

/** Pictures the workbook places, over all its sheets. */
export async function picturesPlaced(xlsx: Buffer): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
  return workbook.worksheets.reduce((sum, sheet) => sum + sheet.getImages().length, 0);
}
