// A query's three states in one place: loading skeleton, error with "Try again", or the body.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorState, Loading } from './States.tsx';

export function QueryBody<T>({ query, label, rows = 5, children }: { query: UseQueryResult<T>; label: string; rows?: number; children(data: T): ReactNode }) {
  if (query.isPending) return <Loading rows={rows} label={label} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return <>{children(query.data)}</>;
}
