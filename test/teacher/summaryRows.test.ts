/**
 * How a class-summary row is stored (src/repositories/summaryRows.ts), without a database: a
 * student's state packed into one string reads back with everything the overview uses (cells,
 * flags, attention, figures come out the same); states the compact form cannot hold are kept whole;
 * rows of the earlier format (objects) still read; damaged rows are reported as unreadable rather
 * than misread; stored versions compare as strings the way the numbers do (MongoDB's guard).
 */
import assert from 'node:assert/strict';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import {
  applyAnswer,
  attentionFor,
  cellStatus,
  flags,
  initialState,
  paramsFromPack,
  type StudentState,
} from '../../src/domain/policy/index.ts';
import {
  isoOf,
  keyOf,
  packMemberRow,
  packProgressRow,
  rowVersion,
  unpackMemberRow,
  unpackProgressRow,
  versionText,
  type OverviewState,
} from '../../src/repositories/summaryRows.ts';

const pack = loadBundledPack();
const params = paramsFromPack(pack);
const skills = ['number-line', 'add-like', 'fraction-meaning'];
const t0 = Date.parse('2026-03-02T09:00:00.000Z');
const now = '2026-03-20T09:00:00.000Z';

function answers(state: StudentState, skillId: string, correct: boolean, n: number, from: number): StudentState {
  // Different items in turn: mastery needs right answers on several different items.
  const pool = pack.items.filter((i) => i.skills.length === 1 && i.skills[0] === skillId);
  for (let i = 0; i < n; i++) {
    const item = pool[i % pool.length]!;
    state = applyAnswer(pack, params, state, {
      itemId: item.id,
      seed: from + i,
      skillIds: item.skills,
      itemClass: item.class,
      correct,
      hintsUsed: !correct && i % 3 === 0 ? 1 : 0, // an answer after a hint is not evidence of mastery
      durationMs: 20_000 + i * 1000,
      at: new Date(t0 + (from + i) * 60_000).toISOString(),
    });
  }
  return state;
}

/** A student with one skill mastered (a review card), one stuck (wheel-spinning), one untouched. */
function busyStudent(): StudentState {
  let s = initialState(pack, skills, params, new Date(t0).toISOString());
  s = answers(s, 'number-line', true, 8, 0);
  s = answers(s, 'add-like', false, 14, 100);
  return { ...s, chosenSkill: 'add-like' };
}

/** What the overview computes from a state: each cell, the flags and the attention list. */
const overviewOf = (state: StudentState) => ({
  cells: skills.map((id) => cellStatus(pack, state, id, skills, now)),
  percents: skills.map((id) => Math.round((state.skills[id]?.pMastered ?? 0) * 100)),
  attention: attentionFor(pack, state, flags(pack, state, now), now),
  lastActiveAt: state.lastActiveAt,
});

const keysOf = (packed: ReturnType<typeof packProgressRow>) => (packed.key ? { [packed.key.id]: packed.key.skills } : {});

describe('class summary rows: one packed string per student', () => {
  it('reads a packed state back with everything the overview uses', () => {
    const state = busyStudent();
    assert.ok(state.skills['number-line']!.mastered && state.skills['number-line']!.review, 'the fixture has a mastered skill');
    assert.ok(state.skills['add-like']!.wheelSpinningAt, 'and a wheel-spinning one');
    const packed = packProgressRow(17, state);
    assert.equal(typeof packed.row, 'string');
    assert.ok(packed.row.length < 60 * skills.length, `compact: ${packed.row.length} characters`);
    assert.ok(!packed.row.includes('number-line'), 'skill ids are kept once per bucket, not in the row');
    assert.deepEqual(packed.key, { id: keyOf(skills), skills });

    const back = unpackProgressRow(packed.row, keysOf(packed))!;
    assert.equal(back.version, 17);
    assert.deepEqual(overviewOf(back.state as StudentState), overviewOf(state), 'same cells, flags and attention');
    for (const id of skills) {
      const [a, b] = [state.skills[id]!, back.state.skills[id]!];
      assert.equal(b.pMastered, Math.round(a.pMastered * 1e6) / 1e6);
      assert.deepEqual(
        [b.n, b.attempts, b.correct, b.mastered, b.everMastered, b.early, b.wheelSpinningAt, b.review?.due],
        [a.n, a.attempts, a.correct, a.mastered, a.everMastered, a.early, a.wheelSpinningAt, a.review?.due],
      );
    }
    assert.equal(back.state.createdAt, state.createdAt);
    assert.equal(back.state.lastActiveAt, state.lastActiveAt);
    assert.equal(back.state.chosenSkill, 'add-like');
  });

  it('packs a student who has not started, and one with no skills', () => {
    const fresh = initialState(pack, skills, params, new Date(t0).toISOString());
    const packed = packProgressRow(0, fresh);
    const back = unpackProgressRow(packed.row, keysOf(packed))!;
    assert.deepEqual(overviewOf(back.state as StudentState), overviewOf(fresh));
    assert.equal(back.state.lastActiveAt, undefined);
    assert.equal(back.state.chosenSkill, undefined);
    const empty = packProgressRow(3, { skills: {}, createdAt: fresh.createdAt });
    assert.equal(empty.key, undefined);
    assert.deepEqual(unpackProgressRow(empty.row), { version: 3, state: { skills: {}, createdAt: fresh.createdAt } });
  });

  it('keeps a state the compact form cannot hold whole (odd time, fraction of a count, odd skill id)', () => {
    const base = busyStudent();
    const odd: OverviewState[] = [
      { ...base, createdAt: 'yesterday' },
      { ...base, skills: { ...base.skills, 'add-like': { ...base.skills['add-like']!, attempts: 2.5 } } },
      { ...base, skills: { 'odd|id': base.skills['add-like']! }, chosenSkill: 'odd|id' },
    ];
    for (const state of odd) {
      const packed = packProgressRow(5, state);
      assert.match(packed.row, /^0000000005\|J\|/);
      const back = unpackProgressRow(packed.row, {})!;
      assert.deepEqual(back.state.skills, state.skills);
      assert.equal(back.state.createdAt, state.createdAt);
    }
  });

  it('still reads rows of the earlier format (objects), so nothing is lost after an upgrade', () => {
    const state = busyStudent();
    const k = Object.fromEntries(
      Object.entries(state.skills).map(([id, s]) => {
        const row: Array<number | string> = [
          Math.round(s.pMastered * 1e6) / 1e6,
          s.n,
          s.attempts,
          s.correct,
          (s.mastered ? 1 : 0) | (s.everMastered ? 2 : 0),
          s.early.n,
          s.early.correct,
          s.early.hinted,
          s.early.slow,
        ];
        if (s.wheelSpinningAt || s.review) row.push(s.wheelSpinningAt ?? '');
        if (s.review) row.push(s.review.due);
        return [id, row];
      }),
    );
    const legacy = { v: 9, c: state.createdAt, l: state.lastActiveAt, f: state.chosenSkill, k };
    const back = unpackProgressRow(legacy)!;
    assert.equal(back.version, 9);
    assert.equal(rowVersion(legacy), 9);
    assert.deepEqual(overviewOf(back.state as StudentState), overviewOf(state));
    assert.deepEqual(unpackMemberRow({ s: 'sub-1', n: 'Ada' }), { sub: 'sub-1', name: 'Ada' });
  });

  it('reports damaged rows as unreadable instead of misreading them', () => {
    const packed = packProgressRow(4, busyStudent());
    assert.equal(unpackProgressRow(packed.row, {}), undefined, 'its list of skill ids is missing');
    assert.equal(unpackProgressRow(packed.row, { [packed.key!.id]: skills.slice(1) }), undefined, 'a list of another length');
    assert.equal(unpackProgressRow(packed.row.replace(/;[^;]*$/, ';x,,y'), keysOf(packed)), undefined, 'a cut skill');
    for (const bad of ['', 'hello', '12|a|b', '0000000004|J|{not json', 42, null, { v: 'x' }, ['a']])
      assert.equal(unpackProgressRow(bad, keysOf(packed)), undefined, `unreadable: ${JSON.stringify(bad)}`);
    assert.equal(rowVersion('hello'), undefined);
    for (const bad of ['', '[1,2]', '{"x":1}', 7, null]) assert.equal(unpackMemberRow(bad), undefined);
  });

  it('stores versions so that strings compare as the numbers do (the guard on MongoDB)', () => {
    const row = (v: number) => packProgressRow(v, busyStudent()).row;
    for (const [a, b] of [
      [0, 1],
      [9, 10],
      [99, 100],
      [12345, 123456],
    ] as const) {
      assert.ok(row(a) < versionText(b), `${a} is older than ${b}`);
      assert.ok(!(row(b) < versionText(b)), `${b} is not older than itself`);
      assert.ok(!(row(b) < versionText(a)), `${b} is not older than ${a}`);
    }
    assert.equal(rowVersion(row(123)), 123);
  });

  it('turns stored times back into the same ISO text as Date does', () => {
    const edges = [0, 951_782_400_000, 4_107_542_399_999, Date.parse('2024-02-29T23:59:59.999Z'), 253_402_300_799_999];
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    for (const ms of [...edges, ...Array.from({ length: 2000 }, () => Math.floor(random() * 253_402_300_799_999))])
      assert.equal(isoOf(ms), new Date(ms).toISOString(), `ms ${ms}`);
  });

  it('keeps learner rows as one string, names with any characters, and no name when pseudonymous', () => {
    for (const [sub, name] of [
      ['sub-1', 'Ada Lovelace'],
      ['a|b;c,"d"', 'Zoë "Z" O\'Brien | 李'],
      ['anon-7', ''],
    ] as const) {
      const stored = packMemberRow(sub, name);
      assert.equal(typeof stored, 'string');
      assert.deepEqual(unpackMemberRow(stored), { sub, name });
    }
  });
});
