import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { projectRoot } from '@waymark/config';
import { sniffContentType } from './sniff';

const fixture = (name: string) => readFileSync(join(projectRoot(), 'test', 'fixtures', 'evidence', name));

/** A zip's first local header (stored entry), followed by more bytes as a real archive would have. */
function zipStarting(name: string, data: string, rest = ''): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, Buffer.from(name + data + rest, 'latin1')]);
}

describe('sniffContentType', () => {
  it('reads PDF and PNG from their bytes, whatever the name says', () => {
    expect(sniffContentType(fixture('training-attendance.pdf'), 'scan.png')).toBe('application/pdf');
    expect(sniffContentType(fixture('partnership-logo.png'), 'report.pdf')).toBe('image/png');
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'photo')).toBe('image/jpeg');
  });

  it('refuses an executable or a plain zip named as a document', () => {
    expect(sniffContentType(fixture('disguised-program.pdf'), 'minutes.pdf')).toBeNull();
    expect(sniffContentType(zipStarting('payload.exe', 'MZ'), 'minutes.docx')).toBeNull();
  });

  it('tells a real Excel workbook from other Office packages by its parts', async () => {
    const workbook = new Workbook();
    workbook.addWorksheet('Figures').addRow(['Referrals', 42]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(sniffContentType(xlsx, 'figures.xlsx')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const docx = zipStarting('[Content_Types].xml', '<Types/>', 'PKword/document.xml');
    expect(sniffContentType(docx)).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const pptx = zipStarting('[Content_Types].xml', '<Types/>', 'PKppt/presentation.xml');
    expect(sniffContentType(pptx)).toBe(
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    );
    expect(sniffContentType(zipStarting('[Content_Types].xml', '<Types/>', 'PKother/part.xml'))).toBeNull();
  });

  it('reads OpenDocument types from the stored mimetype entry', () => {
    expect(sniffContentType(zipStarting('mimetype', 'application/vnd.oasis.opendocument.text'))).toBe(
      'application/vnd.oasis.opendocument.text',
    );
    expect(sniffContentType(zipStarting('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'))).toBe(
      'application/vnd.oasis.opendocument.spreadsheet',
    );
    expect(
      sniffContentType(zipStarting('mimetype', 'application/vnd.oasis.opendocument.graphics')),
    ).toBeNull();
  });

  it('accepts UTF-8 text, labelled CSV only when named so, and refuses binary or broken text', () => {
    const csv = Buffer.from('\uFEFFquarter,referrals\r\nQ1,41\r\nQ2,£ n/a\r\n');
    expect(sniffContentType(csv, 'figures.CSV')).toBe('text/csv');
    expect(sniffContentType(csv, 'figures.pdf')).toBe('text/plain');
    expect(sniffContentType(Buffer.from('line one\tcolumn\nline two\n'))).toBe('text/plain');
    expect(sniffContentType(Buffer.from('text with a NUL\u0000 inside'))).toBeNull();
    expect(sniffContentType(Buffer.from([0x61, 0xc3, 0x28]), 'notes.txt')).toBeNull();
    expect(sniffContentType(Buffer.alloc(0), 'empty.txt')).toBeNull();
    expect(sniffContentType(Buffer.from('PK\u0003\u0004'), 'short.zip')).toBeNull();
  });
});
