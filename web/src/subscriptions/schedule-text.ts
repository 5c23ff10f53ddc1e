import type { Subscription } from '@canopy/shared';

// How a schedule reads on the page: "Mondays at 08:00 (Europe/Berlin)".

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Mondays at 08:00 (Europe/Berlin), last complete week". */
export function scheduleText(s: Pick<Subscription, 'weekday' | 'localTime' | 'timezone' | 'grain'>): string {
  const when = `${WEEKDAYS[s.weekday - 1]}s at ${s.localTime} (${s.timezone})`;
  return s.grain === 'week' ? `${when}, last complete week` : `${when}, last complete month (once a month)`;
}

/** Segment as "plan:pro, region:EU" for the form, and back. */
export function segmentText(segment: Record<string, string[]>): string {
  return Object.entries(segment)
    .flatMap(([k, vs]) => vs.map((v) => `${k}:${v}`))
    .join(', ');
}

/** Parses "plan:pro, region:EU"; an entry without "key:value" is returned as a problem. */
export function parseSegmentText(text: string): { segment: Record<string, string[]>; problem: string | null } {
  const segment: Record<string, string[]> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    if (colon <= 0 || colon === part.length - 1) return { segment, problem: `Segment "${part}" is not key:value, e.g. plan:pro.` };
    (segment[part.slice(0, colon).trim()] ??= []).push(part.slice(colon + 1).trim());
  }
  return { segment, problem: null };
}
