import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { newSchool } from './helpers.ts';
import { dataKeyFor, dataKeyProblem, decryptRecord, rotateDataKey } from '../../src/commands/privacy/keyRotation.ts';

const CURRENT = 'test-secret-'.padEnd(48, 'x'); // the test stack's secret, which stands in for the data key outside production
const NEXT = 'next-data-key-'.padEnd(48, 'n');

describe('secrets at rest', function () {
  this.timeout(300_000);

  it('stores the tool’s signing keys encrypted under the data key, never in clear', async () => {
    const s = await stack();
    const school = await newSchool();
    const stored = await s.db.collection('privatekeys').findOne({ clientId: school.clientId });
    assert.ok(stored);
    assert.ok(!JSON.stringify(stored).includes('PRIVATE KEY'), 'no PEM in the database');
    assert.ok(/PRIVATE KEY/.test(decryptRecord(stored, dataKeyFor(CURRENT)) ?? ''), 'the data key reads it');
    assert.equal(decryptRecord(stored, dataKeyFor(NEXT)), undefined, 'another key reads nothing');
    assert.equal(await dataKeyProblem(CURRENT), undefined);
    assert.match((await dataKeyProblem(NEXT)) ?? '', /cannot be decrypted with PATHWISE_DATA_KEY/);
  });

  it('rotates the data key: a dry run changes nothing, the rotation re-encrypts every key, a second run has nothing to do', async () => {
    const s = await stack();
    await newSchool();
    const keys = s.db.collection('privatekeys');
    const before = await keys.find({}).toArray();
    try {
      const dry = await rotateDataKey({ current: NEXT, previous: CURRENT, dryRun: true });
      assert.equal(dry.reencrypted, before.length + (await s.db.collection('publickeys').countDocuments()), 'private and public keys');
      assert.deepEqual(await keys.find({}).toArray(), before);

      const done = await rotateDataKey({ current: NEXT, previous: CURRENT, dryRun: false });
      assert.equal(done.unreadable, 0);
      for (const k of await keys.find({}).toArray())
        assert.ok(/PRIVATE KEY/.test(decryptRecord(k, dataKeyFor(NEXT)) ?? ''), 'readable with the new key');
      assert.match(
        (await dataKeyProblem(CURRENT, NEXT)) ?? '',
        /PATHWISE_DATA_KEY_PREVIOUS/,
        'starting with the old key is refused with what to do',
      );
      const again = await rotateDataKey({ current: NEXT, previous: CURRENT, dryRun: false });
      assert.equal(again.reencrypted, 0);
      assert.equal(again.alreadyCurrent, done.reencrypted + done.alreadyCurrent);
    } finally {
      await rotateDataKey({ current: CURRENT, previous: NEXT, dryRun: false }); // the shared stack goes on with its key
    }
    for (const k of await keys.find({}).toArray()) assert.ok(decryptRecord(k, dataKeyFor(CURRENT)));
  });
});
