/**
 * Runs the mocha suite in parts at once (`npm test` calls it after the type check and lint): the
 * test files are split into `--jobs` parts of about equal time, and each part is one ordinary mocha
 * process with its own engine, sandbox LMS and browser, exactly as a run of the whole suite in
 * one process has. Much of a test's time is spent waiting (on the engine, the sandbox's HTTP,
 * Chromium), so two parts on two cores take well under the time of one.
 *
 * Each line a part prints is shown as it comes, prefixed with the part's number; at the end one
 * line adds up the parts ("N passed, N failed"), and the exit code is non-zero if any part failed
 * or ended without its results.
 *
 *   tsx scripts/test/run.ts [--jobs 2] [test files...]
 *
 * `--jobs 1` (or PATHWISE_TEST_JOBS=1) runs everything in one mocha process, as `npx mocha` does.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { split, WEIGHTS } from './parts.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const { values, positionals } = parseArgs({
  options: { jobs: { type: 'string', default: process.env.PATHWISE_TEST_JOBS ?? '2' } },
  allowPositionals: true,
});
const jobs = Number(values.jobs);
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 8) {
  process.stderr.write(`--jobs must be a whole number from 1 to 8 (got "${values.jobs}").\n`);
  process.exit(2);
}

const files = positionals.length
  ? positionals
  : readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => path.join('test', f).split(path.sep).join('/'))
      .sort();

const parts = split(files, jobs, WEIGHTS);
const mocha = path.join(root, 'node_modules', '.bin', 'mocha');
/** The closing line of each part (test/support/reporter.cts). */
const CLOSING = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;

interface Outcome {
  part: number;
  code: number | null;
  passed?: number;
  failed?: number;
  skipped?: number;
}

function runPart(list: string[], part: number): Promise<Outcome> {
  const prefix = parts.length > 1 ? `${part}│ ` : '';
  return new Promise((resolve) => {
    const child = spawn(mocha, list, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATHWISE_TEST_PART: String(part) },
    });
    let last = '';
    const lines = (write: (s: string) => void) => {
      let rest = '';
      return (chunk: Buffer) => {
        const text = rest + chunk.toString('utf8');
        const all = text.split('\n');
        rest = all.pop() ?? '';
        for (const l of all) {
          write(`${prefix}${l}\n`);
          if (CLOSING.test(l)) last = l;
        }
      };
    };
    child.stdout.on(
      'data',
      lines((s) => process.stdout.write(s)),
    );
    child.stderr.on(
      'data',
      lines((s) => process.stderr.write(s)),
    );
    child.on('close', (code) => {
      const m = CLOSING.exec(last);
      resolve({ part, code, ...(m ? { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) } : {}) });
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
  });
}

const started = Date.now();
if (parts.length > 1)
  process.stdout.write(
    `Running ${files.length} test files in ${parts.length} parts at once (${parts.map((p) => p.length).join(' + ')} files).\n`,
  );
const outcomes = await Promise.all(parts.map((list, i) => runPart(list, i + 1)));
const broken = outcomes.filter((o) => o.passed === undefined);
const passed = outcomes.reduce((n, o) => n + (o.passed ?? 0), 0);
const failed = outcomes.reduce((n, o) => n + (o.failed ?? 0), 0);
const skipped = outcomes.reduce((n, o) => n + (o.skipped ?? 0), 0);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
for (const o of broken) process.stdout.write(`Part ${o.part} ended without its results (exit code ${o.code}): read its lines above.\n`);
process.stdout.write(`\nAll parts finished in ${minutes} min.\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(broken.length || failed || outcomes.some((o) => o.code !== 0) ? 1 : 0);
