/**
 * Sends one file's raw bytes to the evidence store. XMLHttpRequest rather than fetch: only it reports
 * upload progress, which a 2 GB video on a slow line needs. The browser streams the File from disk.
 */
import { ApiError, type FieldProblem } from '../../api.js';
import type { Collection, IngestResult } from './types.js';

export interface UploadOptions {
  caseId: string;
  sensitivity: string;
  collection: Collection | null;
  /** Bytes sent so far and the total. */
  onProgress: (sent: number, total: number) => void;
  /** Every byte is sent; the server now stores, hashes and reads the file. */
  onSent: () => void;
}

export interface Upload {
  done: Promise<{ status: number; result: IngestResult }>;
  abort: () => void;
}

/** The upload address: the file's name, its label and its collection record travel in the query. */
export function uploadUrl(
  file: { name: string },
  options: Pick<UploadOptions, 'caseId' | 'sensitivity' | 'collection'>,
) {
  const query = new URLSearchParams({ name: file.name, sensitivity: options.sensitivity });
  const collection = Object.fromEntries(
    Object.entries(options.collection ?? {}).filter(([, v]) => typeof v === 'string' && v.trim()),
  );
  if (Object.keys(collection).length > 0) query.set('collection', JSON.stringify(collection));
  return `/api/cases/${encodeURIComponent(options.caseId)}/files?${query.toString()}`;
}

/**
 * Starts an upload. `done` resolves with the server's answer (201 stored, 200 already stored) and rejects
 * with an ApiError: the server's message and fields, status 0 for a lost connection, -1 when aborted.
 */
export function uploadFile(file: File, options: UploadOptions): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<{ status: number; result: IngestResult }>((resolve, reject) => {
    xhr.open('POST', uploadUrl(file, options));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => options.onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.upload.onload = () => options.onSent();
    xhr.onload = () => {
      let body: {
        error?: { code?: string; message?: string; fields?: FieldProblem[] };
      } & Partial<IngestResult> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // An answer that is not JSON (a proxy's error page): the status text is all there is.
      }
      if (xhr.status === 200 || xhr.status === 201)
        resolve({ status: xhr.status, result: body as IngestResult });
      else
        reject(
          new ApiError(
            xhr.status,
            body.error?.message ?? (xhr.statusText || String(xhr.status)),
            body.error?.fields ?? [],
            body.error?.code,
          ),
        );
    };
    xhr.onerror = () => reject(new ApiError(0, ''));
    xhr.onabort = () => reject(new ApiError(-1, ''));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
