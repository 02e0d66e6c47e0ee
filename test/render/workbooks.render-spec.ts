// Every workbook Waymark produces, printed to PDF by LibreOffice as a board member would print it: it converts,
// it takes a sensible number of pages, every word of every cell is on paper (nothing cut off at a cell's edge
// or a row's height), and every picture is drawn once (none cut in two by a page break).
// WAYMARK_RENDER_PAGES=docs/images keeps each workbook's first page there as a PNG (the pictures in docs/reports.md).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildPlanWorkbook } from '@waymark/plan-import';
import { buildReturnWorkbook, writeBoardReport, writeReviewPack } from '@waymark/reports';
import { buildLeadWorkbook, buildProviderWorkbook } from '@waymark/workbooks';
import {
  RENDER_TIMEOUT_MS,
  checkRenderTools,
  missingWords,
  picturesPlaced,
  printedCellWords,
  renderWorkbook,
} from '../support/render';
import {
  emptyBoardReport,
  leadWorkbook,
  planExport,
  providerWorkbook,
  realisticBoardReport,
  returnWorkbookApproved,
  returnWorkbookDraft,
  reviewPack,
} from './workbook-fixtures';

const WORKBOOKS: { name: string; build: () => Promise<Buffer>; pages: [number, number] }[] = [
  { name: 'board-report', build: () => writeBoardReport(realisticBoardReport()), pages: [10, 30] },
  { name: 'board-report-empty-period', build: () => writeBoardReport(emptyBoardReport()), pages: [7, 12] },
  { name: 'plan-export', build: () => buildPlanWorkbook(planExport()), pages: [3, 12] },
  { name: 'lead-workbook', build: () => buildLeadWorkbook(leadWorkbook()), pages: [2, 4] },
  { name: 'provider-workbook', build: () => buildProviderWorkbook(providerWorkbook()), pages: [6, 14] },
  { name: 'annual-return', build: () => buildReturnWorkbook(returnWorkbookDraft()), pages: [35, 55] },
  {
    name: 'annual-return-approved',
    build: () => buildReturnWorkbook(returnWorkbookApproved()),
    pages: [35, 55],
  },
  { name: 'review-pack', build: () => writeReviewPack(reviewPack()), pages: [30, 50] },
];

describe('workbooks printed by LibreOffice', () => {
  beforeAll(checkRenderTools, 60_000);

  it.each(WORKBOOKS)(
    '$name prints whole: every cell’s text, every picture once, within its page count',
    async ({ name, build, pages }) => {
      const xlsx = await build();
      const rendered = await renderWorkbook(xlsx, name);
      try {
        if (process.env.WAYMARK_RENDER_PAGES)
          await writeFile(join(process.env.WAYMARK_RENDER_PAGES, `${name}.png`), await rendered.firstPage());
        expect(rendered.pages.length).toBeGreaterThanOrEqual(pages[0]);
        expect(rendered.pages.length).toBeLessThanOrEqual(pages[1]);
        expect(missingWords(await printedCellWords(xlsx), rendered.pages)).toEqual([]);
        // A number too wide for its column prints as ###.
        expect(rendered.pages.join('\n')).not.toMatch(/###/);
        expect(rendered.pictures).toHaveLength(await picturesPlaced(xlsx));
        expect(new Set(rendered.pictures).size).toBeLessThanOrEqual(rendered.pictures.length);
      } finally {
        await rendered.dispose();
      }
    },
    RENDER_TIMEOUT_MS * 2,
  );
});
