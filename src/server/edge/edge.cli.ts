// `tally edge …`: run the edge (proxy + decision service) from an Edge document, refresh the cloud
// ranges, export the bans as nginx/HAProxy map files, read why a fingerprint was judged, and run
// the flash-sale simulation.
import type { Command } from 'commander';
import type { EdgeVerdictView } from '../../common/api/edge.ts';
import type { Host } from '../module.ts';
import { openDeps } from '../platform/bootstrap.ts';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import { createEventBus } from '../platform/events/events.ts';
import { loadEdgeDocument } from './document.ts';
import { banMap } from './export-map.ts';
import { DEFAULT_SOURCES, updateRanges, type RangeSource } from './ranges-file.ts';
import { activeBanRows } from './repository.ts';

function configFile(given: string | undefined, io: CliIo): string {
  if (given) return given;
  if (io.env.TALLY_DATABASE_URL) return '';
  throw new UsageError('pass --config with the Tally server\'s tally.yaml (the edge stores its verdicts in that database), or set TALLY_DATABASE_URL');
}

async function withDb<T>(host: Host, io: CliIo, config: string | undefined, fn: (deps: Awaited<ReturnType<typeof openDeps>>['deps']) => Promise<T>): Promise<T> {
  const { pino } = await import('pino');
  const { deps, handle } = await openDeps(host.loadConfig(configFile(config, io), io.env), { migrations: host.migrations, events: createEventBus([]), log: pino({ level: 'warn' }) });
  try {
    return await fn(deps);
  } finally {
    await handle.close();
  }
}

function source(value: string, previous: RangeSource[] = []): RangeSource[] {
  const m = /^([a-z0-9-]+)=(aws|google|oracle|csv|azure)=(.+)$/.exec(value);
  if (!m) throw new UsageError(`--source must be provider=format=url-or-file (format aws, google, oracle, csv or azure), got "${value}"`);
  return [...previous, { provider: m[1]!, format: m[2] as RangeSource['format'], url: m[3]! }];
}

export function edgeCommands(program: Command, io: CliIo, host: Host): void {
  const edge = program.command('edge').description('the anti-bot edge: reverse proxy and nginx auth_request decisions (docs/edge.md)');

  edge.command('run')
    .description('run the edge from an Edge document until stopped (Ctrl-C)')
    .requiredOption('--edge <file>', 'the Edge document (YAML)')
    .option('-c, --config <file>', 'tally.yaml of the Tally server whose database keeps the verdicts')
    .action(async (o: { edge: string; config?: string }) => {
      const doc = loadEdgeDocument(o.edge);
      const { runEdgeUntilStopped, untilSignalled } = await import('./serve/run.ts');
      const stopped = untilSignalled();
      await withDb(host, io, o.config, (deps) => runEdgeUntilStopped(doc, deps.db, io, (m) => deps.log.warn(m), stopped));
    });

  // What the edge-only program (edge/main.ts, dist/server/edge.cjs: `tally edge run` when built)
  // asks the full CLI to do first, in a short-lived child: the checks that need every module
  // (tally.yaml's sections, the migrations). Errors are reported as `tally edge run` reports them.
  edge.command('prepare', { hidden: true })
    .description('check the Edge document and tally.yaml and bring the database up to date; prints {"doc","databaseUrl"} (the parsed document) for the edge-only program')
    .requiredOption('--edge <file>', 'the Edge document (YAML)')
    .option('-c, --config <file>', 'tally.yaml of the Tally server whose database keeps the verdicts')
    .action(async (o: { edge: string; config?: string }) => {
      const doc = loadEdgeDocument(o.edge);
      const databaseUrl = await withDb(host, io, o.config, async (deps) => deps.config.databaseUrl);
      io.stdout.write(`${JSON.stringify({ doc, databaseUrl })}\n`);
    });

  edge.command('demo-shop')
    .description('run the demo shop (pages, assets, cart, a checkout with limited stock) to put the edge in front of')
    .option('-p, --port <n>', 'port to listen on', (v) => Number(v), 8080)
    .option('--stock <n>', 'items for sale', (v) => Number(v), 100)
    .action(async (o: { port: number; stock: number }) => {
      const { startShop } = await import('./simulate/shop.ts');
      const shop = await startShop({ port: o.port, stock: o.stock });
      io.stdout.write(`demo shop on http://127.0.0.1:${shop.port} (${o.stock} items; Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await shop.close();
    });

  edge.command('validate')
    .description('check an Edge document; prints the problem naming its field')
    .argument('<file>')
    .action((file: string) => {
      const doc = loadEdgeDocument(file);
      io.stdout.write(`${file}: Edge ${doc.metadata.name} is valid\n`);
    });

  edge.command('update-ranges')
    .description('fetch the cloud providers\' published IP ranges (AWS, Google Cloud, Oracle, DigitalOcean; Azure from a downloaded file) into one file')
    .requiredOption('--out <file>', 'where to write the ranges (then name it in spec.ranges)')
    .option('--source <provider=format=url-or-file>', 'a list to fetch or read instead of the defaults (repeatable), e.g. azure=azure=ServiceTags_Public_20261130.json', source)
    .action(async (o: { out: string; source?: RangeSource[] }) => {
      const file = await updateRanges(o.source ?? DEFAULT_SOURCES, o.out, { now: new Date(), fetch: io.fetch });
      io.stdout.write(`${o.out}: ${Object.entries(file.providers).map(([p, l]) => `${p} ${l.length}`).join(', ')} ranges\n`);
    });

  edge.command('export-map')
    .description('the active fingerprint bans as an nginx or HAProxy map file (key: the JA4 · HTTP · HTTP/2 fingerprint)')
    .option('-c, --config <file>', 'tally.yaml of the Tally server')
    .option('--format <format>', 'nginx or haproxy', 'nginx')
    .action(async (o: { config?: string; format: string }) => {
      if (o.format !== 'nginx' && o.format !== 'haproxy') throw new UsageError(`--format must be nginx or haproxy, got "${o.format}"`);
      const rows = await withDb(host, io, o.config, (deps) => activeBanRows(deps.db, new Date().toISOString()));
      io.stdout.write(banMap(rows, o.format));
    });

  remoteOptions(edge.command('why').argument('<verdict-id>', 'a verdict id from the edge page or `tally edge verdicts`'))
    .description('why a fingerprint or session was judged bot or human: the evidence and the thresholds')
    .option('--json')
    .action(async (id: string, o: RemoteOptions & { json?: boolean }) => {
      const v = await callServer<EdgeVerdictView>(o, io, 'GET', `/api/v1/edge/verdicts/${encodeURIComponent(id)}`);
      io.stdout.write(o.json ? `${JSON.stringify(v, null, 2)}\n` : `${v.verdict} ${v.scope} ${v.subject}\n${v.explanation}\n`);
    });

  remoteOptions(edge.command('verdicts'))
    .description('the latest verdicts, newest first')
    .option('--bots', 'bot verdicts only')
    .option('--json')
    .action(async (o: RemoteOptions & { bots?: boolean; json?: boolean }) => {
      const res = await callServer<{ items: EdgeVerdictView[] }>(o, io, 'GET', `/api/v1/edge/verdicts?limit=50${o.bots ? '&verdict=bot' : ''}`);
      io.stdout.write(o.json ? `${JSON.stringify(res.items, null, 2)}\n` : res.items.map((v) => `${v.id}\t${v.verdict}\t${v.action}\t${v.scope}\t${Math.round(v.secondsToVerdict)} s\t${v.subject}\n`).join(''));
    });

  edge.command('simulate')
    .description('a flash sale on loopback: humans and bots against `tally edge`; prints precision, recall, time to verdict and added latency')
    .option('-c, --config <file>', 'tally.yaml whose database keeps the verdicts (default: a temporary SQLite file)')
    .option('--seconds <n>', 'how long the sale lasts', (v) => Number(v), 20)
    .option('--json')
    .action(async (o: { config?: string; seconds: number; json?: boolean }) => {
      if (!(o.seconds >= 5 && o.seconds <= 600)) throw new UsageError('--seconds must be between 5 and 600');
      const { simulateFlashSale, formatSimulation } = await import('./simulate/simulate.ts');
      const run = async (db: Parameters<typeof simulateFlashSale>[0]['db']) => {
        const result = await simulateFlashSale({ db, seconds: o.seconds });
        io.stdout.write(o.json ? `${JSON.stringify(result, null, 2)}\n` : formatSimulation(result));
      };
      if (o.config || io.env.TALLY_DATABASE_URL) return withDb(host, io, o.config, (deps) => run(deps.db));
      const { temporaryDb } = await import('./simulate/temp-db.ts');
      await temporaryDb(host.migrations, run);
    });
}
