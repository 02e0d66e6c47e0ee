import { CallHandler, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { formatBytes } from '@waymark/evidence';

/** The form field evidence files are uploaded through. */
export const EVIDENCE_FILES_FIELD = 'evidenceFiles';

/** Why multer stopped reading an upload: the lead is told on the form, with what they typed kept. */
export type UploadProblem = 'too-large' | 'too-many' | 'unreadable';

/** What a form says when multer stopped reading the files. */
export function uploadProblemMessage(
  problem: UploadProblem,
  limits: { maxFileBytes: number; maxFiles: number },
) {
  if (problem === 'too-large') return `Each file must be smaller than ${formatBytes(limits.maxFileBytes)}`;
  if (problem === 'too-many') return `Select at most ${limits.maxFiles} files`;
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
            : 'unreadable';
      request.files = [];
      return next.handle();
    }
  }
}
