// Every `tally …` command shown to a user — in README.md, docs/, examples/ and the web UI — names
// a command and options that exist, gives the required options when it is a full example, and
// points the commands that open the server's database at its tally.yaml (--config): run from
// the repository as printed, they work (issue: a token made in ./data/tally.db, refused by the
// demo). Synopses may use [optional] parts, a|b alternatives and … for "more".
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/server/main.ts';
import { bufferIo } from '../../src/server/platform/cli/io.ts';
import { ROOT } from '../../src/server/testing/cli.ts';
import { testHost } from '../../src/server/testing/host.ts';

interface Example { where: string; text: string; full: boolean }

const COMMAND = /^(?:[A-Z_]+=\S+\s+)*(?:npx\s+)?tally\s+[a-z]/;
const NEEDS_DATABASE = ['serve', 'worker', 'migrate', 'token create', 'token list', 'token revoke'];

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'data' ? [] : files(p, ext);
    return ext.test(e.name) ? [p] : [];
  });
}

/** Inline code in prose (full when it has options), and every command line of sh/bash/plain code blocks. */
function markdownExamples(file: string): Example[] {
  const out: Example[] = [];
  const parts = readFileSync(file, 'utf8').split(/^```/m);
  parts.forEach((part, i) => {
    const where = relative(ROOT, file);
    if (i % 2 === 1) {
      const [lang, ...lines] = part.split('\n');
      if (!['', 'sh', 'bash', 'shell'].includes(lang.trim())) return;
      for (const line of lines) if (COMMAND.test(line.trim())) out.push({ where, text: line.trim().replace(/\s+#.*$/, ''), full: true });
      return;
    }
    for (const m of part.matchAll(/`([^`]+)`/g)) {
      const text = m[1].replace(/\s+/g, ' ').trim();
      if (COMMAND.test(text)) out.push({ where, text, full: /\s--?[a-z]/.test(text) });
    }
  });
  return out;
}

function webExamples(file: string): Example[] {
  return [...readFileSync(file, 'utf8').matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1].replace(/\{'\s*'\}/g, ' ').trim()).filter((t) => COMMAND.test(t)).map((text) => ({ where: relative(ROOT, file), text, full: /\s--?[a-z]/.test(text) }));
}

/** Shell-like words; a synopsis' [brackets] dropped, a|b reduced to a, … words dropped. */
function words(text: string): string[] {
  const raw = [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  return raw.map((w) => w.replace(/[[\]]/g, '').split(/\\?\|/)[0].replace(/…$/, '')).filter((w) => w !== '');
}

/** What is wrong with one example (empty when it works as printed). */
function problemsOf(program: Command, ex: Example): string[] {
  const w = words(ex.text);
  const env = new Set<string>();
  while (/^[A-Z_]+=/.test(w[0])) env.add(w.shift()!.split('=')[0]);
  if (w[0] === 'npx') w.shift();
  w.shift(); // tally
  let cmd = program;
  const path: string[] = [];
  while (w.length && cmd.commands.some((c) => c.name() === w[0])) {
    cmd = cmd.commands.find((c) => c.name() === w[0])!;
    path.push(w.shift()!);
  }
  if (path.length === 0) return [`unknown command "${w[0]}"`];
  const out: string[] = [];
  if (cmd.commands.length && ex.full) out.push(`"${path.join(' ')}" needs a subcommand (${cmd.commands.map((c) => c.name()).join(', ')})`);
  const given = new Set<string>();
  for (const word of w) {
    if (!/^--?[a-z]/.test(word)) continue;
    const flag = word.split('=')[0];
    const option = cmd.options.find((o) => o.long === flag || o.short === flag);
    if (!option && flag !== '--help') out.push(`tally ${path.join(' ')} has no option ${flag}`);
    if (option) given.add(option.long!);
  }
  if (!ex.full) return out;
  for (const o of cmd.options) if (o.mandatory && !given.has(o.long!)) out.push(`tally ${path.join(' ')} needs ${o.long}`);
  if (NEEDS_DATABASE.includes(path.join(' ')) && !given.has('--config') && !env.has('TALLY_DATABASE_URL')) out.push(`tally ${path.join(' ')} opens the server's database: show --config`);
  return out;
}

describe('the tally commands shown to users', () => {
  const program = buildProgram(bufferIo(), testHost);
  const shown = [
    ...['README.md', ...files(join(ROOT, 'docs'), /\.md$/), ...files(join(ROOT, 'examples'), /\.md$/)].flatMap((f) => markdownExamples(f.startsWith('/') ? f : join(ROOT, f))),
    ...files(join(ROOT, 'src/web'), /\.tsx$/).flatMap(webExamples),
  ];

  it('are found in README, docs, examples and the web UI', () => {
    expect(new Set(shown.map((e) => e.where.split('/')[0]))).toEqual(new Set(['README.md', 'docs', 'examples', 'src']));
    expect(shown.length).toBeGreaterThan(40);
  });

  it('name commands and options that exist, with what they need to work as printed', () => {
    const wrong = shown.flatMap((ex) => problemsOf(program, ex).map((p) => `${ex.where}: \`${ex.text}\`: ${p}`));
    expect(wrong).toEqual([]);
  });

  it('catch what they should: an unknown command, option or subcommand, a missing required option or --config', () => {
    const check = (text: string, full = true) => problemsOf(program, { where: 'x', text, full });
    expect(check('tally grade checkout')).toEqual(['unknown command "grade"']);
    expect(check('tally score --colour')).toEqual(['tally score has no option --colour']);
    expect(check('tally token', true)).toEqual(['"token" needs a subcommand (create, list, revoke)']);
    expect(check('tally change record --entity x --summary s')).toEqual(['tally change record needs --kind']);
    expect(check('npx tally token create --name you --role editor')).toEqual(["tally token create opens the server's database: show --config"]);
    expect(check('TALLY_DATABASE_URL=postgres://db/t npx tally serve')).toEqual([]);
    expect(check('tally serve [--config F] [--port N]')).toEqual([]);
    expect(check('tally graph cycles\\|boot-order [--format text\\|json]')).toEqual([]);
    expect(check('tally serve', false)).toEqual([]);
  });
});
