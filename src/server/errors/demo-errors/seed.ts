// The demo's errors: when `server.demo` is on and no error event exists yet, the demo's checkout
// service (Sentry project 1 by annotation) "sends" a day of errors through the same functions the
// ingest endpoints use — a coupon bug since the last release, a payment-provider timeout message,
// and a tax issue that was resolved and came back (a regression its team hears of). Times are
// relative to now, so the sparklines show the last 24 hours whenever the demo starts.
import type { AppDeps } from '../../platform/deps.ts';
import { prepareEvent } from '../ingest/prepare.ts';
import { storeEvents } from '../ingest/store.ts';
import { setIssueStatus } from '../issues/query.ts';
import { announceRegressions } from '../issues/regressions.ts';
import { listProjects, syncProjectsFromCatalog } from '../projects.ts';

const CHECKOUT = 'component:default/checkout';
const MINUTE = 60_000;

function goFrame(fn: string, file: string, line: number, context: string, inApp = true) {
  return { function: fn, module: inApp ? 'github.com/acme/checkout/internal/checkout' : 'net/http', filename: file, abs_path: `/src/checkout/${file}`, lineno: line, context_line: context, in_app: inApp };
}

function couponEvent(at: Date, n: number): Record<string, unknown> {
  return {
    platform: 'go', level: 'error', timestamp: at.toISOString(), release: 'checkout@2026.11.4', environment: 'production', user: { id: `customer-${n % 17}` },
    contexts: { trace: { trace_id: `${(0x4bf92f35 + n).toString(16).padStart(8, '0')}77b34da6a3ce929d0e0e4736`, span_id: '00f067aa0ba902b7' } },
    tags: { region: n % 3 === 0 ? 'eu-west-1' : 'us-east-1', route: 'POST /checkout' },
    breadcrumbs: { values: [{ category: 'http', message: 'POST /cart/price 200' }, { category: 'coupon', message: `apply coupon WINTER${n % 5}` }] },
    exception: { values: [{ type: '*errors.errorString', value: `coupon WINTER${n % 5}: percent is nil for order ${10_000 + n}`, stacktrace: { frames: [
      goFrame('ServeHTTP', 'net/http/server.go', 2166, 'handler.ServeHTTP(rw, req)', false),
      goFrame('(*Handler).Checkout', 'internal/checkout/handler.go', 88, 'total, err := h.price(ctx, cart)'),
      goFrame('(*Handler).price', 'internal/checkout/pricing.go', 41, 'discount, err := applyCoupon(cart.Coupon, subtotal)'),
      goFrame('applyCoupon', 'internal/checkout/coupons.go', 27, 'return subtotal.Mul(*c.Percent).Div(hundred), nil'),
    ] } }] },
  };
}

function timeoutEvent(at: Date, n: number): Record<string, unknown> {
  return { platform: 'go', level: 'warning', timestamp: at.toISOString(), release: 'checkout@2026.11.4', environment: 'production', user: { id: `customer-${n % 9}` }, logentry: { message: 'payment provider answered %d after %d ms', formatted: `payment provider answered 503 after ${1200 + n * 37} ms` } };
}

function taxEvent(at: Date, release: string, n: number): Record<string, unknown> {
  return {
    platform: 'go', level: 'error', timestamp: at.toISOString(), release, environment: 'production', user: { id: `customer-${n % 5}` },
    exception: { values: [{ type: 'tax.ErrNoRate', value: `no tax rate for region ${['PT', 'IE', 'FI'][n % 3]}`, stacktrace: { frames: [
      goFrame('(*Handler).Checkout', 'internal/checkout/handler.go', 95, 'tax, err := h.tax.For(ctx, addr)'),
      goFrame('(*Client).For', 'internal/tax/client.go', 63, 'return 0, ErrNoRate'),
    ] } }] },
  };
}

export async function seedDemoErrors(deps: AppDeps): Promise<void> {
  if (!deps.config.server.demo) return;
  if (await deps.db.selectFrom('error_events').select('event_id').limit(1).executeTakeFirst()) return;
  await syncProjectsFromCatalog(deps.db, deps.clock());
  const project = (await listProjects(deps.db, CHECKOUT))[0];
  if (!project) return;
  const now = deps.clock().getTime();
  const ago = (minutes: number) => new Date(now - minutes * MINUTE);
  const store = async (raws: Record<string, unknown>[]) =>
    deps.db.transaction().execute(async (tx) => {
      const outcome = await storeEvents(tx, raws.map((r) => prepareEvent(project.id, r, new Date(now))), () => CHECKOUT);
      await announceRegressions(tx, deps.config, outcome.regressions, deps.clock());
      return outcome;
    });
  // Yesterday's tax issue, resolved six hours ago…
  await store(Array.from({ length: 6 }, (_, i) => taxEvent(ago(30 * 60 - i * 45), 'checkout@2026.11.3', i)));
  const tax = await deps.db.selectFrom('error_issues').select('id').where('entity', '=', CHECKOUT).executeTakeFirst();
  if (tax) await setIssueStatus(deps.db, tax.id, 'resolved', ago(6 * 60));
  // …the coupon bug every few minutes since the release two hours ago, a few timeouts all day,
  // and the tax issue back in the new release.
  await store([
    ...Array.from({ length: 48 }, (_, i) => couponEvent(ago(118 - i * 2.4), i)),
    ...Array.from({ length: 9 }, (_, i) => timeoutEvent(ago(20 * 60 - i * 140), i)),
    ...Array.from({ length: 3 }, (_, i) => taxEvent(ago(40 - i * 9), 'checkout@2026.11.4', i + 6)),
  ]);
  deps.log.info('demo errors seeded for checkout (Sentry project 1)');
}
