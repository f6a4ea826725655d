// The HTTP/2 fingerprint: the client's first SETTINGS frame in the order sent, the connection
// window it opened with its first WINDOW_UPDATE, its PRIORITY frames (and the first request's
// priority), and the order of the request's pseudo-headers (m,a,s,p for Chrome, m,p,a,s for
// Firefox, …): `1:65536;2:0;4:6291456;6:262144|15663105|0|masp`. The frames are read from the
// socket before node:http2 takes it (h2-preface.ts). Without them (the preface could not be read)
// the values Node reports stand in, every setting listed by identifier with its default when the
// client sent none, and the priority part is `-`.
import type { Http2Session } from 'node:http2';
import type { H2Preface } from './h2-preface.ts';

const DEFAULT_WINDOW = 65_535;

export function h2Fingerprint(session: Http2Session, rawHeaders: readonly string[], preface?: H2Preface): string {
  let pseudo = '';
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.startsWith(':')) pseudo += rawHeaders[i]![1];
  if (preface) return `${preface.settings}|${preface.window}|${preface.priority}|${pseudo}`;
  const s = session.remoteSettings;
  const settings = [
    [1, s.headerTableSize], [2, s.enablePush ? 1 : 0], [3, s.maxConcurrentStreams], [4, s.initialWindowSize], [5, s.maxFrameSize], [6, s.maxHeaderListSize],
  ].map(([id, v]) => `${id}:${v ?? '-'}`).join(';');
  const window = Math.max(0, (session.state.remoteWindowSize ?? DEFAULT_WINDOW) - DEFAULT_WINDOW);
  return `${settings}|${window}|-|${pseudo}`;
}
