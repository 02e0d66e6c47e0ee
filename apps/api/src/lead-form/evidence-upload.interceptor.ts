import { CallHandler, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import type { WaymarkConfig } from '@waymark/config';
import { formatBytes } from '@waymark/evidence';

/** The form field evidence files are uploaded through. */
export const EVIDENCE_FILES_FIELD = 'evidenceFiles';

/** The form's text fields: a few dozen (the update and its figures); the longest, links, well under this. */
const MAX_FIELDS = 200;
const MAX_FIELD_BYTES = 128 * 1024;

/**
 * multer's limits for the lead's form, so that no upload is read past them: the evidence limits (file size,
 * file count), and the number of fields, their size, the parts and each part's headers.
 */
export function uploadLimits(config: WaymarkConfig) {
  return {
    fileSize: config.EVIDENCE_MAX_FILE_BYTES,
    files: config.EVIDENCE_MAX_FILES,
    fields: MAX_FIELDS,
    fieldSize: MAX_FIELD_BYTES,
    fieldNameSize: 100,
    parts: MAX_FIELDS + config.EVIDENCE_MAX_FILES,
    headerPairs: 20,
  };
}

/** Why multer stopped reading an upload: the lead is told on the form, with what they typed kept. */
export type UploadProblem = 'too-large' | 'too-many' | 'too-long' | 'unreadable';

/** What a form says when multer stopped reading it (its files, or its fields). */
export function uploadProblemMessage(
  problem: UploadProblem,
  limits: { maxFileBytes: number; maxFiles: number },
) {
  if (problem === 'too-large') return `Each file must be smaller than ${formatBytes(limits.maxFileBytes)}`;
  if (problem === 'too-many') return `Select at most ${limits.maxFiles} files`;
  if (problem === 'too-long')
    return 'The form was too long to read. Shorten what you wrote and send it again';
  return 'The files could not be read. Select them again';
}

/** A file multer read into memory (the fields Waymark uses). */
export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
}

export type UploadRequest = Request & { uploadProblem?: UploadProblem; files?: UploadedFile[] };

/**
 * Reads a multipart form's evidence files into memory under the limits of MulterModule's options (file
 * size, file count). When a limit is hit multer stops, keeping the fields read so far (the form puts
 * the file input last, so that is all of them); the handler then shows the form with an error instead of
 * a bare 413 or 400.
 */
@Injectable()
export class EvidenceUploadInterceptor extends FilesInterceptor(EVIDENCE_FILES_FIELD) {
  override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await super.intercept(context, next);
    } catch (error) {
      // Everything before next.handle() is multer reading the request.
      if (!(error instanceof HttpException)) throw error;
      const request = context.switchToHttp().getRequest<UploadRequest>();
      request.uploadProblem =
        error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE
          ? 'too-large'
          : /too many files/i.test(error.message)
            ? 'too-many'
            : /field|parts/i.test(error.message)
              ? 'too-long'
              : 'unreadable';
      request.files = [];
      return next.handle();
    }
  }
}
