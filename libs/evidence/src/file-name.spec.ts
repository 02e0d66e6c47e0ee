import { MAX_FILE_NAME_LENGTH, sanitiseFileName } from './file-name';

describe('sanitiseFileName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(sanitiseFileName('Q2 MARAC summary.pdf', 'application/pdf')).toBe('Q2 MARAC summary.pdf');
    expect(sanitiseFileName('photo.JPEG', 'image/jpeg')).toBe('photo.JPEG');
  });

  it('drops folders, control and direction-override characters, and leading dots', () => {
    expect(sanitiseFileName('../../etc/passwd.txt', 'text/plain')).toBe('passwd.txt');
    expect(sanitiseFileName('C:\\Users\\officer\\report.pdf', 'application/pdf')).toBe('report.pdf');
    expect(sanitiseFileName('inv\u0000oi\u001bce\r\n.pdf', 'application/pdf')).toBe('invoice.pdf');
    expect(sanitiseFileName('report\u202Efdp.exe', 'application/pdf')).toBe('reportfdp.exe.pdf');
    expect(sanitiseFileName('...hidden', 'text/plain')).toBe('hidden.txt');
    expect(sanitiseFileName('a<b>:c|d?.csv', 'text/csv')).toBe('a_b__c_d_.csv');
  });

  it('names the sniffed type in the extension, so a download opens as what it is', () => {
    expect(sanitiseFileName('report.pdf', 'image/png')).toBe('report.pdf.png');
    expect(sanitiseFileName('', 'application/pdf')).toBe('evidence.pdf');
    expect(sanitiseFileName('/', 'image/png')).toBe('evidence.png');
  });

  it('shortens a long name to the limit and keeps its extension', () => {
    const long = sanitiseFileName(
      `${'é'.repeat(500)}.xlsx`,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect([...long]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(long.endsWith('é.xlsx')).toBe(true);
    const unnamed = sanitiseFileName('x'.repeat(300), 'application/pdf');
    expect(unnamed).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(unnamed.endsWith('x.pdf')).toBe(true);
  });
});
