// Tally-relative URLs. A URL written as a path (`/demo/status/checkout`) in a status-URL or
// webhook annotation, a notification target or a revert action means "on this Tally server":
// it is resolved against `server.publicUrl` when it is used, never when it is stored, so the
// same catalog works whatever address the server listens on (the demo on any port).
// Anything else is an ordinary absolute URL and is returned as it is.

/** True for `/path…` (not `//host…`, which is a scheme-relative URL to another host). */
export const isTallyPath = (url: string): boolean => url.startsWith('/') && !url.startsWith('//');

/** `url` as an absolute URL: a Tally path is appended to `publicUrl` (keeping any path prefix it has). */
export function resolveTallyUrl(url: string, publicUrl: string): string {
  return isTallyPath(url) ? `${publicUrl.replace(/\/+$/, '')}${url}` : url;
}
