import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { stack } from '../support/stack.ts';
import { supportsTtlIndexes, sweepExpired } from '../../src/db/connection.ts';

describe('the embedded database engine', function () {
  this.timeout(60_000);

  it('is a real server process reached over the wire', async () => {
    const s = await stack();
    assert.match(s.engine.uri, /^mongodb:\/\/127\.0\.0\.1:\d+\//);
    const hello = await s.db.admin().command({ buildInfo: 1 });
    assert.ok(typeof hello.version === 'string');
  });

  it('applies concurrent single-document updates atomically through Pathwise’s connection', async () => {
    const s = await stack();
    const c = s.db.collection('test_atomic');
    const { insertedId } = await c.insertOne({ n: 0 });
    await Promise.all(Array.from({ length: 40 }, () => c.updateOne({ _id: insertedId }, { $inc: { n: 1 } })));
    assert.equal((await c.findOne({ _id: insertedId }))?.n, 40);
  });

  it('creates every declared index, turning TTL indexes into plain ones where the engine has no TTL', async () => {
    const s = await stack();
    const ttl = await supportsTtlIndexes();
    const nonceIndexes = await s.db.collection('nonces').indexes();
    const createdAt = nonceIndexes.find((i) => JSON.stringify(i.key) === JSON.stringify({ createdAt: 1 }));
    assert.ok(createdAt, 'the createdAt index of ltijs nonces exists');
    assert.equal(createdAt.expireAfterSeconds !== undefined, ttl);
    const stateIndexes = await s.db.collection('states').indexes();
    assert.ok(
      stateIndexes.some((i) => i.unique && JSON.stringify(i.key) === JSON.stringify({ state: 1 })),
      'ltijs’s unique state index exists',
    );
    const rules = s.pathwise.ttlRules.map((r) => `${r.collection}:${r.seconds}`).sort();
    assert.ok(rules.includes('states:600'));
    assert.ok(rules.includes(`nonces:${s.config.ltiTokenMaxAgeSeconds + 60}`), 'nonces are kept as long as a token may be replayed');
  });

  it('sweeps expired ltijs records (nonce, state, tokens) and keeps fresh ones', async () => {
    const s = await stack();
    const now = Date.now();
    const nonces = s.db.collection('nonces');
    await nonces.insertMany([
      { nonce: 'sweep-old', createdAt: new Date(now - 3600_000) },
      { nonce: 'sweep-new', createdAt: new Date(now) },
    ]);
    const states = s.db.collection('states');
    await states.insertOne({ state: 'sweep-old-state', createdAt: new Date(now - 601_000) });
    const removed = await sweepExpired(s.pathwise.ttlRules, now);
    assert.ok((removed.nonces ?? 0) >= 1);
    assert.equal(await nonces.countDocuments({ nonce: 'sweep-old' }), 0);
    assert.equal(await nonces.countDocuments({ nonce: 'sweep-new' }), 1);
    assert.equal(await states.countDocuments({ state: 'sweep-old-state' }), 0);
    assert.equal(mongoose.connection.readyState, 1);
  });
});
