import { queryOptions } from '@tanstack/react-query';
// Types only: the upload schemas live with their routes until they move to shared/.
import type { ImportReportJson, IngestionStatusJson } from '../../../server/src/uploads/schemas.ts';
import { ApiError, getJson } from './client.ts';

export type ImportReport = ImportReportJson;
export type IngestionStatus = IngestionStatusJson;

/** GET /api/v1/imports/status: last event received, events per type per day, recent uploads. */
export const ingestionStatusQuery = () =>
  queryOptions({
    queryKey: ['imports', 'status'],
    queryFn: ({ signal }) => getJson<IngestionStatus>('/api/v1/imports/status', {}, signal),
    refetchInterval: 60_000,
  });

/** Upload progress: bytes sent of the file's size. */
export interface UploadProgress {
  sent: number;
  total: number;
}

/**
 * POST /api/v1/imports: sends the file as the raw body and resolves with the import report.
 * XMLHttpRequest rather than fetch because only it reports upload progress.
 */
export function uploadFile(file: File, kind: 'customers' | 'events' | undefined, onProgress: (p: UploadProgress) => void): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const search = new URLSearchParams({ filename: file.name });
    if (kind) search.set('kind', kind);
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/imports?${search}`);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (event) => onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size });
    request.onerror = () => reject(new ApiError('The Canopy server cannot be reached.', 0));
    request.onload = () => {
      let body: { message?: string; reasons?: string[] } & Partial<ImportReport> = {};
      try {
        body = JSON.parse(request.responseText) as typeof body;
      } catch {
        // An answer that is not JSON: the status says enough.
      }
      if (request.status >= 200 && request.status < 300) resolve(body as ImportReport);
      else reject(new ApiError(body.message ?? `${request.status} ${request.statusText}`, request.status, body.reasons ?? []));
    };
    request.send(file);
  });
}
