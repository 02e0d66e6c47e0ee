import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { Prisma } from '@waymark/db';
import { sanitiseFileName } from './file-name';
import { ALLOWED_TYPES_TEXT, EVIDENCE_TYPES, EvidenceContentType, sniffContentType } from './sniff';

/** A file as it arrived (an upload, an email attachment): its name is only a suggestion. */
export interface IncomingFile {
  fileName: string;
  content: Buffer;
}

/** A file that passed the checks, with its type read from its bytes and a safe name. */
export interface PreparedFile {
  fileName: string;
  contentType: EvidenceContentType;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
}

export interface EvidenceProblem {
  /** The file name or link as sent (for the sender to recognise it), or "files" for the count. */
  subject: string;
  reason: 'empty' | 'too-large' | 'type-not-allowed' | 'too-many' | 'bad-link';
  message: string;
}

export interface PreparedEvidence {
  files: PreparedFile[];
  links: string[];
}

export interface RecordedEvidence {
  id: string;
  kind: 'FILE' | 'LINK';
  fileName: string | null;
  url: string | null;
  contentType: string | null;
  sizeBytes: number | null;
}

/** Where an Evidence row's bytes are: the EvidenceFile table, by sha256. */
export const EVIDENCE_FILE_STORAGE = 'evidence-file';
const MAX_LINK_LENGTH = 2000;

/**
 * Evidence sent with an update: files (size, count and sniffed-type limits) and links (http or https).
 * Check first with prepare(), outside any transaction; then record() inside the transaction that records
 * the update, so an update and its evidence are saved together or not at all.
 */
@Injectable()
export class EvidenceService {
  constructor(@Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig) {}

  get limits() {
    return {
      maxFileBytes: this.config.EVIDENCE_MAX_FILE_BYTES,
      maxFiles: this.config.EVIDENCE_MAX_FILES,
      maxLinks: this.config.EVIDENCE_MAX_LINKS,
      allowedTypes: ALLOWED_TYPES_TEXT,
    };
  }

  /** Checks files and links; returns what can be recorded and a plain-English problem for each of the rest. */
  prepare(input: { files?: IncomingFile[]; links?: string[] }): {
    accepted: PreparedEvidence;
    problems: EvidenceProblem[];
  } {
    const { maxFileBytes, maxFiles, maxLinks } = this.limits;
    const problems: EvidenceProblem[] = [];
    const files: PreparedFile[] = [];
    const incoming = input.files ?? [];
    if (incoming.length > maxFiles) {
      problems.push({
        subject: 'files',
        reason: 'too-many',
        message: `Send at most ${maxFiles} files at a time`,
      });
    }
    for (const file of incoming.slice(0, maxFiles)) {
      const shown = file.fileName || 'A file';
      if (file.content.length === 0) {
        problems.push({ subject: file.fileName, reason: 'empty', message: `${shown} is empty` });
        continue;
      }
      if (file.content.length > maxFileBytes) {
        problems.push({
          subject: file.fileName,
          reason: 'too-large',
          message: `${shown} must be smaller than ${formatBytes(maxFileBytes)}`,
        });
        continue;
      }
      const contentType = sniffContentType(file.content, file.fileName);
      if (!contentType) {
        problems.push({
          subject: file.fileName,
          reason: 'type-not-allowed',
          message: `${shown} must be a ${ALLOWED_TYPES_TEXT}`,
        });
        continue;
      }
      files.push({
        fileName: sanitiseFileName(file.fileName, contentType),
        contentType,
        sizeBytes: file.content.length,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        content: file.content,
      });
    }

    const links: string[] = [];
    const given = (input.links ?? []).map((link) => link.trim()).filter(Boolean);
    if (given.length > maxLinks) {
      problems.push({ subject: 'links', reason: 'too-many', message: `Give at most ${maxLinks} links` });
    }
    for (const link of given.slice(0, maxLinks)) {
      const url = parseWebLink(link);
      if (url) links.push(url);
      else {
        problems.push({
          subject: link,
          reason: 'bad-link',
          message: `${truncate(link)} must be a web address starting with http:// or https://`,
        });
      }
    }
    return { accepted: { files, links: [...new Set(links)] }, problems };
  }

  /**
   * Records prepared evidence against an update, in the caller's transaction. Each file's bytes are
   * stored once however many updates send them (INSERT … ON CONFLICT DO NOTHING on the sha256).
   */
  async record(
    tx: Prisma.TransactionClient,
    target: { partnershipId: string; actionId: string; updateId: string },
    evidence: PreparedEvidence,
  ): Promise<RecordedEvidence[]> {
    await this.storeBytes(tx, evidence.files);
    const rows = [
      ...evidence.files.map((file) => ({
        ...target,
        kind: 'FILE' as const,
        fileName: file.fileName,
        contentType: file.contentType,
        sizeBytes: file.sizeBytes,
        sha256: file.sha256,
        storageKey: EVIDENCE_FILE_STORAGE,
      })),
      ...evidence.links.map((url) => ({ ...target, kind: 'LINK' as const, url })),
    ];
    const recorded: RecordedEvidence[] = [];
    for (const data of rows) recorded.push(await tx.evidence.create({ data, select: RECORDED_FIELDS }));
    return recorded;
  }

  /** Stores files' bytes in EvidenceFile, once per content, in the caller's transaction. */
  async storeBytes(tx: Prisma.TransactionClient, files: PreparedFile[]): Promise<void> {
    if (files.length === 0) return;
    await tx.evidenceFile.createMany({
      data: files.map((file) => ({
        sha256: file.sha256,
        content: new Uint8Array(file.content),
        sizeBytes: file.sizeBytes,
        contentType: file.contentType,
      })),
      skipDuplicates: true,
    });
  }

  /**
   * What the lead has already sent for one update request (this period's earlier answers), so a revision
   * need not send it again; erased evidence is left out.
   */
  async sentFor(db: Prisma.TransactionClient, updateRequestId: string): Promise<RecordedEvidence[]> {
    return db.evidence.findMany({
      where: { update: { updateRequestId }, erasedAt: null },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: RECORDED_FIELDS,
    });
  }

  /** The evidence recorded with an update: files by name, then links. */
  async forUpdate(db: Prisma.TransactionClient, updateId: string): Promise<RecordedEvidence[]> {
    return db.evidence.findMany({
      where: { updateId },
      orderBy: [{ kind: 'asc' }, { fileName: 'asc' }, { url: 'asc' }],
      select: RECORDED_FIELDS,
    });
  }
}

const RECORDED_FIELDS = {
  id: true,
  kind: true,
  fileName: true,
  url: true,
  contentType: true,
  sizeBytes: true,
} satisfies Prisma.EvidenceSelect;

/** An absolute http(s) URL with a host and no credentials, normalised; null otherwise. */
export function parseWebLink(text: string): string | null {
  if (text.length > MAX_LINK_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.toString();
}

/** A line for a confirmation: a file's name with its type and size, or a link (with its href). */
export function describeEvidence(evidence: RecordedEvidence): {
  label: string;
  value: string;
  href?: string;
} {
  if (evidence.kind === 'LINK') {
    return { label: 'Link', value: evidence.url ?? '', href: evidence.url ?? undefined };
  }
  const extension = EVIDENCE_TYPES[evidence.contentType as EvidenceContentType]?.[0] ?? 'file';
  return {
    label: evidence.fileName ?? 'File',
    value: `${extension.toUpperCase()}, ${formatBytes(evidence.sizeBytes ?? 0)}`,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
