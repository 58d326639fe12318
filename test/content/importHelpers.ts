/** Shared by the GIFT and Moodle XML import tests: reading fixtures, import errors, and the real export's served questions checked with Pathwise's own checker. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkAnswer, ContentImportError, instantiateItem, presentItem } from '../../src/domain/content/index.ts';
import { loadPack } from '../../src/repositories/packFiles.ts';
import { wordsFor } from '../../src/i18n/index.ts';

export const read = (p: string): string => readFileSync(p, 'utf8');
export type RawItem = Record<string, unknown> & { id: string; type: string; class: string; skills: string[] };
export const itemsOf = (pack: Record<string, unknown>): RawItem[] => pack.items as RawItem[];

export function importErrors(run: () => unknown): { line: number; message: string }[] {
  try {
    run();
  } catch (e) {
    assert.ok(e instanceof ContentImportError);
    return e.problems;
  }
  assert.fail('expected the import to fail');
}

export const SKILL = 'fractions-grades-3-6';
export const WORDS = 'fractions-grades-3-6-fraction-words-and-simplest-form';
export const COMPUTING = 'fractions-grades-3-6-computing-with-fractions';
/** The 9 questions of the real export that Pathwise serves, in file order, with their Moodle type. */
export const SERVED: [string, string, string][] = [
  ['match-fractions-to-decimals', 'matching', 'matching'],
  ['chocolate-bar-3-of-8-pieces-eaten', 'multichoice', 'choice'],
  ['fractions-equal-to-one-half-choose-all', 'multichoice', 'choice'],
  ['picture-what-fraction-of-the-bar-is-shaded', 'multichoice', 'choice'],
  ['three-quarters-is-more-than-two-thirds', 'truefalse', 'truefalse'],
  ['name-of-the-bottom-number', 'shortanswer', 'text'],
  ['name-of-the-top-number', 'shortanswer', 'text'],
  ['simplify-four-eighths', 'shortanswer', 'text'],
  ['three-quarters-of-a-metre-of-ribbon', 'numerical', 'numeric'],
];

/** Checks the served questions of a real export with Pathwise's own checker (shared by GIFT and XML). */
export function checksLikeMoodle(packData: Record<string, unknown>): void {
  const pack = loadPack(packData);
  const half = instantiateItem(pack, 'fractions-equal-to-one-half-choose-all', 1);
  const id = (t: string): string => (half.question.type === 'choice' ? half.question.choices.find((c) => c.text === t)!.id : '');
  assert.equal(checkAnswer(half, [id('2/4'), id('4/8')]).outcome, 'correct');
  assert.equal(checkAnswer(half, [id('2/4')]).score, 0.5);
  assert.equal(checkAnswer(half, [id('2/4'), id('2/3')]).score, 0, '50% - 50% = 0');
  assert.equal(checkAnswer(half, [id('2/3'), id('3/5')]).score, 0, 'negative marks never take the score below 0');
  const simplest = instantiateItem(pack, 'simplify-four-eighths', 1);
  assert.equal(checkAnswer(simplest, '1/2').outcome, 'correct');
  assert.equal(checkAnswer(simplest, 'one half').outcome, 'correct', '"*half" is a Moodle wildcard');
  assert.equal(checkAnswer(simplest, '2/4').score, 0.5);
  assert.equal(
    checkAnswer(simplest, '3/6').feedback,
    'Not quite. Find the biggest number that divides both 4 and 8.',
    '"*" is the catch-all at 0%',
  );
  assert.equal(checkAnswer(instantiateItem(pack, 'name-of-the-top-number', 1), 'numerater').score, 0.5);
  const bar = instantiateItem(pack, 'chocolate-bar-3-of-8-pieces-eaten', 1);
  const barId = (t: string): string => (bar.question.type === 'choice' ? bar.question.choices.find((c) => c.text === t)!.id : '');
  assert.equal(checkAnswer(bar, barId('3/8')).outcome, 'correct');
  assert.equal(checkAnswer(bar, barId('5/8')).feedback, '5/8 is the part of the bar that is left, not the part Sam ate.');
  const tf = instantiateItem(pack, 'three-quarters-is-more-than-two-thirds', 1);
  assert.equal(checkAnswer(tf, true).outcome, 'correct');
  assert.equal(checkAnswer(tf, false).feedback, 'Try writing both fractions in twelfths: 3/4 = 9/12 and 2/3 = 8/12.');
  const ribbon = instantiateItem(pack, 'three-quarters-of-a-metre-of-ribbon', 1);
  assert.notEqual(checkAnswer(ribbon, '75').outcome, 'incorrect');
  assert.equal(checkAnswer(ribbon, '25').outcome, 'incorrect');
  assert.equal(checkAnswer(ribbon, '80').outcome, 'incorrect');
  const match = instantiateItem(pack, 'match-fractions-to-decimals', 1);
  assert.deepEqual(presentItem(match, wordsFor('en')).matching?.options.slice().sort(), ['0.1', '0.2', '0.25', '0.5', '0.75']);
}
