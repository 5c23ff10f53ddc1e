import type { Annotation, AnnotationInput, AnnotationsResponse } from '@canopy/shared';
import { queryOptions } from '@tanstack/react-query';
import { getJson, sendJson } from './client.ts';

/** GET /api/v1/annotations: dated notes between `from` and `to` (YYYY-MM-DD, either open). */
export const annotationsQuery = (range: { from?: string; to?: string } = {}) =>
  queryOptions({
    queryKey: ['annotations', range.from ?? 'start', range.to ?? 'end'],
    queryFn: ({ signal }) => getJson<AnnotationsResponse>('/api/v1/annotations', { from: range.from, to: range.to }, signal),
  });

/** POST /api/v1/annotations (admins). */
export function addAnnotation(input: AnnotationInput): Promise<Annotation> {
  return sendJson<Annotation>('POST', '/api/v1/annotations', input);
}

/** DELETE /api/v1/annotations/:id (admins). */
export function deleteAnnotation(id: number): Promise<void> {
  return sendJson<void>('DELETE', `/api/v1/annotations/${id}`);
}
