import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, projectRoot } from '@waymark/config';
import { EvidenceService, describeEvidence, formatBytes, parseWebLink } from './evidence.service';

const fixture = (name: string) => readFileSync(join(projectRoot(), 'test', 'fixtures', 'evidence', name));
const service = new EvidenceService(
  loadConfig({
    DATABASE_URL: 'postgresql://u@127.0.0.1/w',
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    SMTP_URL: 'smtp://127.0.0.1:1025',
    LINK_SECRET: 'x'.repeat(32),
    EVIDENCE_MAX_FILE_BYTES: '1000',
    EVIDENCE_MAX_FILES: '2',
    EVIDENCE_MAX_LINKS: '2',
  }),
);

describe('EvidenceService.prepare', () => {
  it('accepts allowed files with their sniffed type, size, checksum and a safe name', () => {
    const { accepted, problems } = service.prepare({
      files: [{ fileName: '../attendance.pdf', content: fixture('training-attendance.pdf') }],
    });
    expect(problems).toEqual([]);
    expect(accepted.files).toEqual([
      expect.objectContaining({
        fileName: 'attendance.pdf',
        contentType: 'application/pdf',
        sizeBytes: 606,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
  });

  it('names each refused file and why; the good ones still pass', () => {
    const { accepted, problems } = service.prepare({
      files: [
        { fileName: 'minutes.pdf', content: fixture('disguised-program.pdf') },
        { fileName: 'big.txt', content: Buffer.alloc(1001, 'a') },
      ],
    });
    expect(accepted.files).toEqual([]);
    expect(problems).toEqual([
      {
        subject: 'minutes.pdf',
        reason: 'type-not-allowed',
        message: expect.stringMatching(/^minutes\.pdf must be a PDF, PNG, JPEG/),
      },
      { subject: 'big.txt', reason: 'too-large', message: 'big.txt must be smaller than 1000 bytes' },
    ]);
  });

  it('refuses more files than allowed and an empty file', () => {
    const logo = { fileName: 'logo.png', content: fixture('partnership-logo.png') };
    const { accepted, problems } = service.prepare({
      files: [{ fileName: 'blank.txt', content: Buffer.alloc(0) }, logo, logo],
    });
    expect(problems.map((p) => p.reason)).toEqual(['too-many', 'empty']);
    expect(accepted.files).toHaveLength(1);
  });

  it('accepts http(s) links only, without credentials, once each', () => {
    const { accepted, problems } = service.prepare({
      links: [' https://example.org/report ', '', 'javascript:alert(1)'],
    });
    expect(accepted.links).toEqual(['https://example.org/report']);
    expect(problems).toEqual([
      expect.objectContaining({ subject: 'javascript:alert(1)', reason: 'bad-link' }),
    ]);
    expect(service.prepare({ links: ['a', 'b', 'c'] }).problems[0]).toMatchObject({ reason: 'too-many' });
  });
});

describe('parseWebLink', () => {
  it.each([
    ['https://www.gov.uk/guidance', 'https://www.gov.uk/guidance'],
    ['http://intranet.council.local/docs?id=4', 'http://intranet.council.local/docs?id=4'],
    ['ftp://files.example.org/a', null],
    ['file:///etc/passwd', null],
    ['https://user:secret@example.org/', null],
    ['www.example.org', null],
    [`https://example.org/${'a'.repeat(2000)}`, null],
  ])('%s → %s', (input, expected) => expect(parseWebLink(input)).toBe(expected));
});

describe('formatBytes', () => {
  it('says sizes as people read them', () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(1536)).toBe('1.5 KB');
  });
});

describe('describeEvidence', () => {
  it('names a file with its type and size, and a link by its address', () => {
    const base = { id: 'e', fileName: null, url: null, contentType: null, sizeBytes: null };
    expect(
      describeEvidence({
        ...base,
        kind: 'FILE',
        fileName: 'a.docx',
        sizeBytes: 2048,
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }),
    ).toEqual({ label: 'a.docx', value: 'DOCX, 2 KB' });
    expect(describeEvidence({ ...base, kind: 'LINK', url: 'https://example.org/' })).toEqual({
      label: 'Link',
      value: 'https://example.org/',
      href: 'https://example.org/',
    });
  });
});
