import type { Settings } from '@canopy/shared';
import { queryOptions } from '@tanstack/react-query';
import { getJson, sendJson } from './client.ts';

/** GET /api/v1/settings: the ladder, unit costs, churn window, minimum sample and time zone. */
export const settingsQuery = () =>
  queryOptions({
    queryKey: ['settings'],
    queryFn: ({ signal }) => getJson<Settings>('/api/v1/settings', {}, signal),
    staleTime: 60_000,
  });

/** PUT /api/v1/settings: replaces the settings; the server answers 400 with every reason. */
export function saveSettings(settings: Settings): Promise<Settings> {
  return sendJson<Settings>('PUT', '/api/v1/settings', settings);
}
