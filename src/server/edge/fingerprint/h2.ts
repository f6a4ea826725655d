// The HTTP/2 fingerprint: the SETTINGS values the client sent, the connection window it opened
// with its first WINDOW_UPDATE, and the order of the request's pseudo-headers (m,a,s,p for
// Chrome, m,p,a,s for Firefox, …): `1:65536;2:0;3:1000;4:6291456;5:16384;6:262144|15663105|masp`.
// Node's http2 reports each setting's value (the default when the client sent none), not the
// order of the SETTINGS frame, so the values are listed in identifier order.
import type { Http2Session } from 'node:http2';

const DEFAULT_WINDOW = 65_535;

export function h2Fingerprint(session: Http2Session, rawHeaders: readonly string[]): string {
  const s = session.remoteSettings;
  const settings = [
    [1, s.headerTableSize], [2, s.enablePush ? 1 : 0], [3, s.maxConcurrentStreams], [4, s.initialWindowSize], [5, s.maxFrameSize], [6, s.maxHeaderListSize],
  ].map(([id, v]) => `${id}:${v ?? '-'}`).join(';');
  const window = Math.max(0, (session.state.remoteWindowSize ?? DEFAULT_WINDOW) - DEFAULT_WINDOW);
  let pseudo = '';
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.startsWith(':')) pseudo += rawHeaders[i]![1];
  return `${settings}|${window}|${pseudo}`;
}
