// Encrypted debug blobs on both engines: a service's key (admins only), a blob made with the
// helper decrypts to its trace id and finds the events, rotation keeps old blobs readable, an
// altered blob is refused, and `tally errors decrypt` prints it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authHeader } from '../../testing/app.ts';
import { runTally } from '../../testing/cli.ts';
import { describeEachEngine } from '../../testing/db.ts';
import { envelope, errorsTestApp, jsEvent, type ErrorsTestApp } from '../testing.ts';
import { encryptDebugBlob } from './blob.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describeEachEngine('errors: debug blobs', ({ db }) => {
  let t: ErrorsTestApp;
  let admin: { authorization: string };
  const as = async (headers: Record<string, string>, method: string, url: string, payload?: object) => {
    const res = await t.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json() };
  };
  beforeAll(async () => {
    t = await errorsTestApp(db());
    admin = await authHeader(t.deps, 'admin');
    await t.post('/api/7/envelope/', envelope([{ type: 'event', payload: jsEvent({ event_id: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee' }) }]), { 'x-sentry-auth': `Sentry sentry_key=${t.key}` });
  });
  afterAll(async () => t?.app.close());

  it('decrypts a blob made with the helper, finds its events, and survives a key rotation', async () => {
    expect((await as(t.editor, 'GET', '/api/v1/errors/debug-keys/current?entity=checkout')).status).toBe(403);
    const key = (await as(admin, 'GET', '/api/v1/errors/debug-keys/current?entity=checkout')).body;
    expect((await as(admin, 'GET', '/api/v1/errors/debug-keys/current?entity=checkout')).body.id).toBe(key.id);
    const data = { traceId: TRACE, eventId: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee', time: '2026-11-23T12:00:00Z', host: 'checkout-7f9c' };
    const old = encryptDebugBlob(key.id, Buffer.from(key.secret, 'base64url'), data);
    expect(old).toMatch(new RegExp(`^tdb1\\.${key.id}\\.[A-Za-z0-9_-]+$`));
    const res = await as(admin, 'POST', '/api/v1/errors/debug-blobs/decrypt', { blob: old });
    expect(res).toMatchObject({ status: 200, body: { entity: 'component:default/checkout', keyId: key.id, data, events: [{ eventId: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee' }] } });

    const next = (await as(admin, 'POST', '/api/v1/errors/debug-keys/rotate', { entity: 'checkout' })).body;
    expect(next.id).not.toBe(key.id);
    expect((await as(admin, 'GET', '/api/v1/errors/debug-keys/current?entity=checkout')).body.id).toBe(next.id);
    expect((await as(admin, 'POST', '/api/v1/errors/debug-blobs/decrypt', { blob: old })).body.data).toEqual(data);
    const fresh = encryptDebugBlob(next.id, Buffer.from(next.secret, 'base64url'), data);
    expect((await as(admin, 'POST', '/api/v1/errors/debug-blobs/decrypt', { blob: fresh })).body.keyId).toBe(next.id);

    const cli = await runTally(['errors', 'decrypt', old, '--token', admin.authorization.slice(7)], { app: t.app });
    expect(cli.stdout).toContain(`trace id: ${TRACE}`);
    expect(cli.stdout).toContain('event:    eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee');
  });

  it('refuses altered, foreign and malformed blobs, naming the field', async () => {
    const key = (await as(admin, 'GET', '/api/v1/errors/debug-keys/current?entity=checkout')).body;
    const blob = encryptDebugBlob(key.id, Buffer.from(key.secret, 'base64url'), { traceId: TRACE, time: '2026-11-23T12:00:00Z' });
    const parts = blob.split('.');
    const flipped = `${parts[0]}.${parts[1]}.${parts[2]!.slice(0, -2)}${parts[2]!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await as(admin, 'POST', '/api/v1/errors/debug-blobs/decrypt', { blob: flipped })).body.error.message).toContain('does not decrypt');
    expect((await as(admin, 'POST', '/api/v1/errors/debug-blobs/decrypt', { blob: `tdb1.0123456789ab.${parts[2]}` })).status).toBe(404);
    expect((await as(admin, 'POST', '/api/v1/errors/debug-blobs/decrypt', { blob: 'hello' })).body.error.message).toContain('body.blob: not a Tally debug blob');
  });
});
