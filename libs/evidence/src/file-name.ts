import { EVIDENCE_TYPES, EvidenceContentType } from './sniff';

export const MAX_FILE_NAME_LENGTH = 120;

/**
 * A file name safe to store, show and offer for download: no folders, no control or bidirectional
 * override characters, no leading dots, at most 120 characters, and an extension that matches the
 * sniffed type (a PNG called "report.pdf" is kept as "report.pdf.png").
 */
export function sanitiseFileName(raw: string, type: EvidenceContentType): string {
  const base = (raw.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const extensions: readonly string[] = EVIDENCE_TYPES[type];
  const current = /\.([A-Za-z0-9]{1,8})$/.exec(base)?.[1]?.toLowerCase();
  const suffix = current && extensions.includes(current) ? '' : `.${extensions[0]}`;
  const stem = [...(base || 'evidence')];
  const room = MAX_FILE_NAME_LENGTH - suffix.length;
  if (stem.length <= room) return stem.join('') + suffix;
  // Too long: shorten the middle of the name, keeping its own extension at the end.
  const ending = current && !suffix ? `.${current}` : '';
  return stem.slice(0, room - ending.length).join('') + ending + suffix;
}

/** A Content-Disposition `attachment`, with the name as ASCII for old clients and in full as RFC 5987 UTF-8. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
