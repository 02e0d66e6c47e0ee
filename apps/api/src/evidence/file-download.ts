import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { attachmentDisposition } from '@waymark/evidence';

/** A file someone sent, as a download: never cached, never sniffed into another type, always an attachment. */
export function fileDownload(
  res: Response,
  file: { fileName: string; contentType: string; content: Buffer },
): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  return new StreamableFile(file.content, {
    type: file.contentType,
    length: file.content.length,
    disposition: attachmentDisposition(file.fileName),
  });
}
