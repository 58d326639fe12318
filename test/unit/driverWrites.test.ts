/**
 * The answer path writes progress and answer-log documents with the driver, building what the
 * models used to send (progressRepository.ts, answerLogRepository.ts). These checks compare them
 * with mongoose's own cast, so a field added to a schema cannot be written differently unnoticed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { AnswerLog } from '../../src/repositories/models/AnswerLog.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';
import { castCurrent } from '../../src/repositories/progressRepository.ts';
import { logDocument } from '../../src/repositories/answerLogRepository.ts';

const modelCast = (c: Record<string, unknown>) =>
  (Progress.schema.path('current') as unknown as { cast(v: unknown): { toBSON(): Record<string, unknown> } }).cast(c).toBSON();

describe('documents the answer path writes with the driver', () => {
  it('casts the step on screen exactly as the progress schema does (fields, order, defaults, types)', () => {
    const now = new Date();
    const steps: Array<Record<string, unknown>> = [
      {
        attemptId: randomUUID(),
        kind: 'item',
        reason: 'next',
        hintsShown: 0,
        attempt: 1,
        shownAt: now,
        skillId: 's',
        itemId: 'i',
        seed: 7,
        review: false,
      },
      { attemptId: randomUUID(), kind: 'worked-example', skillId: 's', shownAt: now.toISOString() },
      { attemptId: randomUUID(), kind: 'resource', skillId: 's', resourceIndex: 0, shownAt: now, itemId: null, extra: 'dropped' },
      { attemptId: randomUUID(), kind: 'item', skillId: undefined, itemId: 'i', seed: '12', attempt: 2, hintsShown: 1, shownAt: now },
      { attemptId: randomUUID(), kind: 'done', reason: 'all mastered', shownAt: now.getTime() },
    ];
    for (const step of steps) {
      const expected = modelCast(step);
      const actual = castCurrent(step);
      assert.deepEqual(actual, expected);
      assert.deepEqual(Object.keys(actual), Object.keys(expected), 'same field order');
    }
  });

  it('builds an answer-log entry exactly as the model would create it', () => {
    const attemptId = randomUUID();
    const entry = {
      courseId: new Types.ObjectId().toString(),
      activityId: new Types.ObjectId().toString(),
      personId: new Types.ObjectId().toString(),
      itemId: 'fm-name-fraction',
      seed: 3,
      skillIds: ['fraction-meaning'],
      itemClass: 'standard',
      order: 4,
      response: '7/3',
      correct: false,
      hintsUsed: 1,
      attempt: 2,
      durationMs: 4200,
      at: new Date(),
    };
    // `create` saves the document with its version key set to 0.
    const expected = { ...new AnswerLog({ _id: attemptId, attemptId, ...entry }).toObject(), __v: 0 };
    assert.deepEqual(logDocument(attemptId, entry), expected);
    const { skillIds: _s, itemClass: _c, hintsUsed: _h, attempt: _a, durationMs: _d, response: _r, ...bare } = entry;
    const bareExpected = { ...new AnswerLog({ _id: attemptId, attemptId, ...bare }).toObject(), __v: 0 };
    assert.deepEqual(logDocument(attemptId, bare as typeof entry), bareExpected, 'defaults for the fields left out');
  });
});
