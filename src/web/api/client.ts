// A small typed fetch client for Tally's JSON API under /api/v1.
// Every non-2xx answer becomes an ApiError carrying the server's error body, so pages can show
// the server's own words (and, for bad documents, the file/field of every problem).

import type { ErrorBody as ApiErrorBody } from '../../common/api/shared.ts';
import type { Problem as ApiProblem } from '../../common/problem.ts';

export type { ApiErrorBody, ApiProblem };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problems: ApiProblem[];

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.problems = body.problems ?? [];
  }
}

export const API_BASE = '/api/v1';
const TOKEN_KEY = 'tally.token';

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/** Builds `/api/v1<path>?…`, dropping empty parameters so URLs stay clean. */
export function apiUrl(path: string, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function request<T>(method: string, url: string, body?: unknown, token = getToken()): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = (data as ApiErrorBody | undefined)?.error;
    throw new ApiError(res.status, {
      code: err?.code ?? `http_${res.status}`,
      message: err?.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
      problems: err?.problems,
    });
  }
  if (data === undefined && text) {
    throw new ApiError(res.status, { code: 'bad_response', message: 'The server did not answer with JSON' });
  }
  return data as T;
}

export function apiGet<T>(path: string, params: QueryParams = {}, token?: string | null): Promise<T> {
  return request<T>('GET', apiUrl(path, params), undefined, token === undefined ? getToken() : token);
}

export function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(method, apiUrl(path), body);
}

/** True for errors a retry cannot fix (4xx): React Query should not keep asking. */
export function isClientError(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}
