// The rule files named on the command line: files, folders (every *.yaml / *.yml below) and
// globs, each read within a size limit. Unreadable ones are problems, not crashes.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { parseRuleFile, type PromRule } from './rule-file.ts';

const MAX_BYTES = 10 * 1024 * 1024;

export async function readRuleFiles(paths: readonly string[]): Promise<{ rules: PromRule[]; problems: { file: string; line: number; message: string }[] }> {
  const rules: PromRule[] = [];
  const problems: { file: string; line: number; message: string }[] = [];
  for (const p of paths) {
    let files: string[];
    if (isDynamicPattern(p)) files = (await glob(p, { onlyFiles: true })).sort();
    else {
      const info = await stat(p).catch(() => undefined);
      if (!info) {
        problems.push({ file: p, line: 0, message: 'no such file or folder' });
        continue;
      }
      files = info.isDirectory() ? (await glob('**/*.{yaml,yml}', { cwd: p, onlyFiles: true })).sort().map((f) => path.join(p, f)) : [p];
    }
    if (files.length === 0) problems.push({ file: p, line: 0, message: 'matches no rule files' });
    for (const file of files) {
      const info = await stat(file);
      if (info.size > MAX_BYTES) {
        problems.push({ file, line: 0, message: `larger than ${MAX_BYTES} bytes; not read` });
        continue;
      }
      const parsed = parseRuleFile(await readFile(file, 'utf8'), file);
      rules.push(...parsed.rules);
      problems.push(...parsed.problems);
    }
  }
  return { rules, problems };
}
