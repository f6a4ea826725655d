// Report cards as JSON text, cached per (entity, scorecard asked for) and keyed by the
// scorecards' generation (../generation.ts): a new evaluation, rubric or waiver decision anywhere
// rebuilds the cards; another process's within the generation's recheck interval. A card with a
// waiver is kept only until that waiver expires (the one thing on a card that changes with time).
// Every reader gets the same card, so one cache serves all the users allowed to read it.
import type { Db } from '../../platform/db/connect.ts';
import { jsonText, type JsonText } from '../../platform/http/json-text.ts';
import { scorecardsGeneration } from '../generation.ts';
import { entityScores } from './reports.ts';

/** Cards kept per database (the oldest built are dropped first): ~10 KB each. */
const MAX_CARDS = 5000;
/** A safety net: a card is rebuilt at least this often, whatever the generation says. */
const MAX_AGE_MS = 60_000;

interface Card extends JsonText {
  generation: number;
  /** The clock time (ms) the card stops being true: its first waiver's expiry. */
  until: number;
  builtAt: number;
}

const cards = new WeakMap<Db, Map<string, Card>>();
const building = new WeakMap<Db, Map<string, Promise<Card>>>();

export async function reportCardJson(db: Db, entity: string, opts: { scorecard?: string; now: Date }): Promise<JsonText> {
  let perDb = cards.get(db);
  if (!perDb) cards.set(db, (perDb = new Map()));
  const generation = await scorecardsGeneration(db);
  const key = `${entity}\n${opts.scorecard ?? ''}`;
  const hit = perDb.get(key);
  if (hit && hit.generation === generation && opts.now.getTime() < hit.until && performance.now() - hit.builtAt < MAX_AGE_MS) return hit;
  // Clients asking for the same card meanwhile wait for this build instead of starting their own.
  let flights = building.get(db);
  if (!flights) building.set(db, (flights = new Map()));
  const flightKey = `${key}\n${generation}`;
  let flight = flights.get(flightKey);
  if (!flight) {
    const own = flights;
    const cache = perDb;
    flight = build(db, entity, opts, generation).then((card) => {
      cache.delete(key);
      if (cache.size >= MAX_CARDS) cache.delete(cache.keys().next().value!);
      cache.set(key, card);
      return card;
    });
    own.set(flightKey, flight);
    void flight.finally(() => own.delete(flightKey)).catch(() => undefined);
  }
  return flight;
}

async function build(db: Db, entity: string, opts: { scorecard?: string; now: Date }, generation: number): Promise<Card> {
  const card = await entityScores(db, entity, opts);
  const expiries = card.scorecards.flatMap((s) => s.requirements.flatMap((r) => (r.waiver ? [Date.parse(r.waiver.expiresAt)] : [])));
  return { ...jsonText(card), generation, until: Math.min(Infinity, ...expiries), builtAt: performance.now() };
}
