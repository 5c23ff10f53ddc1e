import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { formatDateTime } from '../format/numbers.ts';
import { Loading } from './Loading.tsx';

interface QueryLike<T> {
  data: T | undefined;
  error: Error | null;
  isFetching: boolean;
  dataUpdatedAt: number;
  refetch: () => unknown;
}

/** Why a request failed, in words a reader can act on. */
export function errorMessage(error: Error): string {
  if (error instanceof ApiError && error.status === 0) return 'The Canopy server cannot be reached.';
  return error.message;
}

/**
 * Loading, error and stale states around a query. With no data yet: a loading line or the
 * error with a retry button. When a refresh fails, the last data stays on screen with a
 * note saying so, and when it is from.
 */
export function QueryState<T>({ query, what, children }: { query: QueryLike<T>; what: string; children: (data: T) => ReactNode }) {
  const { data, error } = query;
  if (data === undefined) {
    if (!error) return <Loading what={what} />;
    return (
      <div className="notice notice--error" role="alert">
        <p>
          <strong>Could not load the {what}.</strong> {errorMessage(error)}
        </p>
        <button type="button" className="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
          {query.isFetching ? 'Retrying…' : 'Retry'}
        </button>
      </div>
    );
  }
  return (
    <>
      {error && (
        <div className="notice notice--warning" role="alert">
          <p>
            <strong>Showing the last {what} loaded</strong> ({formatDateTime(new Date(query.dataUpdatedAt))}): {errorMessage(error)}
          </p>
          <button type="button" className="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
            {query.isFetching ? 'Retrying…' : 'Retry'}
          </button>
        </div>
      )}
      <div aria-busy={query.isFetching} className={query.isFetching ? 'is-refreshing' : undefined}>
        {children(data)}
      </div>
    </>
  );
}
