// The request body as bytes: Content-Encoding gzip, deflate (zlib or raw) or br is undone here,
// and inflating stops as soon as the output passes the limit (zlib's maxOutputLength), so a small
// body that would inflate into gigabytes costs only the limit.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { InputError, TooLargeError } from '../../platform/problems.ts';

function tooLarge(e: unknown, max: number): never | void {
  if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw new TooLargeError(`the body inflates past ${max} bytes; inflating stopped there`);
}

export function decodeBody(raw: Buffer, encoding: string | undefined, maxInflated: number): Buffer {
  const enc = (encoding ?? 'identity').trim().toLowerCase();
  if (enc === '' || enc === 'identity') {
    if (raw.length > maxInflated) throw new TooLargeError(`the body is over ${maxInflated} bytes`);
    return raw;
  }
  const opts = { maxOutputLength: maxInflated };
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return gunzipSync(raw, opts);
    if (enc === 'br') return brotliDecompressSync(raw, opts);
    if (enc === 'deflate') {
      try {
        return inflateSync(raw, opts);
      } catch (e) {
        tooLarge(e, maxInflated);
        return inflateRawSync(raw, opts);
      }
    }
  } catch (e) {
    tooLarge(e, maxInflated);
    throw new InputError(`the body is not valid ${enc} data (${(e as Error).message})`);
  }
  throw new InputError(`Content-Encoding "${encoding}" is not supported (gzip, deflate, br or identity)`);
}
