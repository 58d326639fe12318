/**
 * `npm test` runs the suite in parts at once (scripts/test/run.ts): every test file must land in
 * exactly one part, the parts must be balanced, and the expected times must name real files (a
 * renamed file would otherwise count as light and unbalance the parts).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { split, WEIGHTS } from '../../scripts/test/parts.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const testFiles = readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/${f.split(path.sep).join('/')}`);

describe('the test parts of npm test', () => {
  it('puts every test file in exactly one part, and the parts within one heavy file of each other', () => {
    for (const jobs of [1, 2, 3]) {
      const parts = split(testFiles, jobs);
      assert.equal(parts.length, jobs);
      assert.deepEqual(parts.flat().sort(), [...testFiles].sort(), `${jobs} parts hold every file once`);
      const totals = parts.map((p) => p.reduce((n, f) => n + (WEIGHTS[f.slice('test/'.length)] ?? 1), 0));
      const heaviest = Math.max(...Object.values(WEIGHTS));
      assert.ok(Math.max(...totals) - Math.min(...totals) <= heaviest, `${jobs} parts: ${totals.join(' / ')} s`);
    }
    assert.deepEqual(split(['test/a.test.ts'], 2), [['test/a.test.ts']], 'never an empty part');
  });

  it('names only test files that exist in its expected times', () => {
    const missing = Object.keys(WEIGHTS).filter((f) => !existsSync(path.join(root, 'test', f)));
    assert.deepEqual(missing, []);
  });
});
