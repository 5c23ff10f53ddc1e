import autocannon from 'autocannon';
import { DEFAULT_SETTINGS } from '@canopy/shared';

/** One kind of dashboard read: its name, how many of the 50 connections ask for it, the URLs it varies over. */
export interface ReadEndpoint {
  name: string;
  connections: number;
  paths: string[];
}

/** What one endpoint's connections saw. */
export interface ReadOutcome {
  name: string;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** Every answer that was not a 200, and every connection error or timeout, by kind. */
  errors: Record<string, number>;
  /** Requests sent and not yet answered when the time was up (at most one per connection): not in the latencies. */
  inFlightAtEnd: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => day(new Date(Date.now() - n * 86_400_000));

/**
 * The reads a dashboard makes, spread over periods (the current one, which ingestion keeps
 * changing, and earlier ones) and segments, so neither one cached answer nor one period is
 * measured alone. Connection shares follow what the forest page asks for most.
 */
export function dashboardReads(): ReadEndpoint[] {
  const periods = [
    ['month', daysAgo(0)],
    ['month', daysAgo(31)],
    ['month', daysAgo(95)],
    ['week', daysAgo(0)],
    ['week', daysAgo(14)],
    ['quarter', daysAgo(0)],
  ];
  const segments = ['', '&segment=plan:pro', '&segment=region:EU', '&segment=plan:enterprise&segment=industry:retail'];
  const combos = periods.flatMap(([grain, date]) => segments.map((s) => `grain=${grain}&date=${date}${s}`));
  const stages = DEFAULT_SETTINGS.ladder.map((s) => s.key);
  return [
    { name: 'GET /api/v1/forest', connections: 20, paths: combos.map((q) => `/api/v1/forest?${q}`) },
    {
      name: 'GET /api/v1/trend',
      connections: 10,
      paths: [
        `/api/v1/trend?grain=month&to=${daysAgo(0)}`,
        `/api/v1/trend?grain=week&from=${daysAgo(364)}&to=${daysAgo(0)}`,
        `/api/v1/trend?grain=month&to=${daysAgo(0)}&segment=plan:pro`,
        `/api/v1/trend?grain=quarter&to=${daysAgo(0)}&segment=region:EU`,
      ],
    },
    { name: 'GET /api/v1/movement', connections: 8, paths: combos.map((q) => `/api/v1/movement?${q}`) },
    {
      name: 'GET /api/v1/stages/:key/customers',
      connections: 8,
      paths: stages.flatMap((key) => combos.slice(0, 8).map((q) => `/api/v1/stages/${key}/customers?${q}`)),
    },
    { name: 'GET /api/v1/segments', connections: 4, paths: ['/api/v1/segments'] },
  ];
}

/** Runs one autocannon instance per endpoint, all at once, for `seconds`; resolves with each one's outcome. */
export async function runReaders(base: string, endpoints: ReadEndpoint[], seconds: number): Promise<ReadOutcome[]> {
  return Promise.all(
    endpoints.map(async (endpoint) => {
      let next = 0;
      const result = await autocannon({
        url: base,
        connections: endpoint.connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: 'GET',
            // Round-robin over the endpoint's URLs, so every period and segment is asked for.
            setupRequest: (request) => ({ ...request, path: endpoint.paths[next++ % endpoint.paths.length]! }),
          },
        ],
      });
      const errors: Record<string, number> = {};
      for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
        if (status !== '200' && stat.count) errors[`HTTP ${status}`] = stat.count;
      }
      if (result.timeouts) errors['timeout (30 s)'] = result.timeouts;
      if (result.errors - result.timeouts > 0) errors['connection error'] = result.errors - result.timeouts;

      return {
        name: endpoint.name,
        requests: result.requests.total,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        errors,
        inFlightAtEnd: Math.max(0, result.requests.sent - result.requests.total - result.errors),
      };
    }),
  );
}
