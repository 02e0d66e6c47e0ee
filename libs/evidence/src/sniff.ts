/** The kinds of evidence file Waymark accepts, each with the extensions its name may carry. */
export const EVIDENCE_TYPES = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'text/csv': ['csv'],
  'text/plain': ['txt'],
} as const satisfies Record<string, readonly string[]>;

export type EvidenceContentType = keyof typeof EVIDENCE_TYPES;

/** What people are told they may send. */
export const ALLOWED_TYPES_TEXT =
  'PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), ODT, ODS, CSV or TXT';

const PDF = Buffer.from('%PDF-');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Office Open XML packages, told apart by the main part their zip directory names. */
const OOXML_PARTS: [string, EvidenceContentType][] = [
  ['word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];
/** OpenDocument files begin with an uncompressed "mimetype" entry holding the type itself. */
const OPEN_DOCUMENT_TYPES: EvidenceContentType[] = [
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
];

/**
 * The type of a file read from its bytes (magic numbers), or null when it is not one Waymark accepts.
 * The name is consulted only to label plain text as CSV; it never makes bytes acceptable.
 */
export function sniffContentType(bytes: Buffer, fileName = ''): EvidenceContentType | null {
  if (startsWith(bytes, PDF)) return 'application/pdf';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, ZIP)) return sniffZip(bytes);
  if (isPlainText(bytes)) return /\.csv$/i.test(fileName) ? 'text/csv' : 'text/plain';
  return null;
}

function sniffZip(bytes: Buffer): EvidenceContentType | null {
  if (bytes.length < 30) return null;
  // Local header: name length at 26, extra length at 28, name at 30, then the (stored) data.
  const nameLength = bytes.readUInt16LE(26);
  const extraLength = bytes.readUInt16LE(28);
  if (bytes.toString('latin1', 30, 30 + nameLength) === 'mimetype') {
    const start = 30 + nameLength + extraLength;
    const declared = bytes.toString('latin1', start, start + 60);
    return OPEN_DOCUMENT_TYPES.find((type) => declared.startsWith(type)) ?? null;
  }
  if (!bytes.includes('[Content_Types].xml', 0, 'latin1')) return null;
  return OOXML_PARTS.find(([part]) => bytes.includes(part, 0, 'latin1'))?.[1] ?? null;
}

function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 (optionally with a BOM) with no control characters other than tab, line breaks and form feed. */
function isPlainText(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
}
