// Run by src/server/errors/sdk.system.test.ts in its own process: the official @sentry/node
// client, configured with a DSN on a loopback Tally, sends what applications send — handled
// exceptions (two from one place, one from another), a message with a number in it, an unhandled promise
// rejection, breadcrumbs, release and environment — then flushes and exits.
import * as Sentry from '@sentry/node';

const dsn = process.argv[2];
Sentry.init({ dsn, release: 'shop@2.0.0', environment: 'staging', tracesSampleRate: 0, defaultIntegrations: undefined });
Sentry.setUser({ id: 'user-17' });

function applyCoupon(order) {
  if (!order.coupon) throw new TypeError(`order ${order.id} has no coupon`);
  return order.coupon.percent;
}

function checkout(order) {
  Sentry.addBreadcrumb({ category: 'cart', message: `checkout of order ${order.id}`, level: 'info' });
  try {
    return applyCoupon(order);
  } catch (err) {
    Sentry.captureException(err);
  }
}

// Two orders, one call site: the same stack, different values (Sentry's Dedupe would drop a repeat).
for (const id of [1, 2]) checkout({ id });
try {
  JSON.parse('{ not json');
} catch (err) {
  Sentry.captureException(err);
}
Sentry.captureMessage('payment provider answered 503 after 1200 ms', 'warning');
Promise.reject(new Error('ledger write failed'));

setTimeout(async () => {
  const ok = await Sentry.flush(10_000);
  process.stdout.write(ok ? 'flushed\n' : 'flush timed out\n');
  process.exit(ok ? 0 : 3);
}, 200);
