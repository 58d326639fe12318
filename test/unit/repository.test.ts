/**
 * The repository keeps the promises a newcomer relies on: it reads nothing outside itself, no
 * source file grows past 300 lines, and every path the README and docs name exists (a moved
 * folder must take its documentation along).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const sourceDirs = ['src', 'scripts', 'test', 'views', 'config'];
const sourceExt = /\.(ts|cts|mts|js|ejs|css|sh)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(rel));
    else if (sourceExt.test(entry.name)) out.push(rel);
  }
  return out;
}

const sources = sourceDirs.filter((d) => existsSync(path.join(root, d))).flatMap(filesUnder);
const docs = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('the repository', () => {
  it('has no source file over 300 lines (split by responsibility instead)', () => {
    const long = sources
      .filter((f) => !/\/fixtures\//.test(f) && !f.endsWith('.json'))
      .map((f) => ({ f, lines: readFileSync(path.join(root, f), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > 300)
      .map(({ f, lines }) => `${f} (${lines})`);
    assert.deepEqual(long, []);
  });

  it('reads nothing outside itself (no relative path climbs above the repository root)', () => {
    const outside = sources.filter((f) => {
      const depth = path.dirname(f).split(path.sep).length; // src/x/y.ts is 2 folders below the root
      const climbs = [...readFileSync(path.join(root, f), 'utf8').matchAll(/(?:\.\.\/)+/g)].map((m) => m[0].length / 3);
      return climbs.some((n) => n > depth);
    });
    assert.deepEqual(outside, []);
  });

  it('documents only paths that exist', () => {
    const missing: string[] = [];
    for (const doc of docs) {
      const text = readFileSync(path.join(root, doc), 'utf8');
      for (const [, p = ''] of text.matchAll(/`((?:src|scripts|test|views|config|docs)\/[\w./{},-]*)`/g)) {
        const candidates = expand(p.replace(/\*.*$/, ''));
        if (!candidates.some((c) => existsSync(path.join(root, c)))) missing.push(`${doc}: ${p}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('finds its sources (the checks above look at something)', () => {
    assert.ok(sources.length > 100 && sources.some((f) => statSync(path.join(root, f)).size > 0));
    assert.ok(docs.length >= 5);
  });
});

/** `src/domain/{a,b}` names two paths. */
function expand(p: string): string[] {
  const m = /\{([^}]*)\}/.exec(p);
  if (!m) return [p];
  return (m[1] ?? '').split(',').flatMap((alt) => expand(p.replace(m[0], alt)));
}
