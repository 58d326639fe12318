/**
 * Engine micro-benchmark (not a test): the cost of single-document operations by `_id` on the
 * embedded engine, in a 200-document collection of ~10 KB documents and in a 5-document one. Shows
 * whether `_id` lookups use the index (same cost in both) or read the table (cost grows with size).
 *
 *   npx tsx scripts/bench/engineIds.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEngine } from '../../src/db/engine.ts';
import { createLogger } from '../../src/logger.ts';
const log = createLogger('silent');
const dir = await mkdtemp(path.join(os.tmpdir(), 'pw-micro-'));
const engine = await startEngine({ dataDir: dir, log });
const c = new mongoose.mongo.MongoClient(engine.uri, { maxPoolSize: 1 });
await c.connect();
const db = c.db();
const p = db.collection('p');
const l = db.collection('l');
await l.createIndex({ courseId: 1, activityId: 1, personId: 1, at: 1 });
await l.createIndex({ courseId: 1, skillIds: 1 });
const state = {
  skills: Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => [
      `s${i}`,
      { pMastered: 0.3, attempts: 3, history: Array.from({ length: 10 }, () => ({ a: 1, b: 'x'.repeat(10) })) },
    ]),
  ),
};
await p.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: `id${i}` as never, state, version: 0, pending: {} })));
await l.insertMany(
  Array.from({ length: 5000 }, (_, i) => ({
    _id: `l${i}` as never,
    courseId: 1,
    activityId: 1,
    personId: i,
    skillIds: ['a'],
    at: new Date(),
  })),
);
async function time(name: string, n: number, f: (i: number) => Promise<unknown>) {
  const t = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  process.stdout.write(`| ${name} | ${((performance.now() - t) / n).toFixed(1)} |\n`);
}
await time('findOne _id', 50, (i) => p.findOne({ _id: `id${i}` as never }));
await time('findOneAndUpdate _id $set state', 50, (i) =>
  p.findOneAndUpdate({ _id: `id${i}` as never }, { $set: { state }, $inc: { version: 1 } }, { returnDocument: 'after' }),
);
await time('findOneAndUpdate _id $set pending.x', 50, (i) =>
  p.findOneAndUpdate(
    { _id: `id${i}` as never },
    { $set: { state, [`pending.a${i}`]: { log: { a: 1 } } }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ),
);
await time('updateOne _id $unset pending.x', 50, (i) => p.updateOne({ _id: `id${i}` as never }, { $unset: { [`pending.a${i}`]: '' } }));
await time('insertOne log', 50, (i) =>
  l.insertOne({ _id: `n${i}` as never, courseId: 1, activityId: 1, personId: i, skillIds: ['a'], at: new Date() }),
);
await time('updateOne _id $set small', 30, (i) => p.updateOne({ _id: `id${i}` as never }, { $set: { small: i } }));
await time('replaceOne _id', 30, (i) => p.replaceOne({ _id: `id${i}` as never }, { state, version: 5, pending: {} }));
const q = db.collection('q');
await q.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: `id${i}` as never, state, version: 0, pending: {} })));
await time('updateOne _id $set small (5 docs)', 30, (i) => q.updateOne({ _id: `id${i % 5}` as never }, { $set: { small: i } }));
await time('updateOne _id $set state (5 docs)', 30, (i) => q.updateOne({ _id: `id${i % 5}` as never }, { $set: { state } }));
await time('findOne _id+version', 20, (i) => p.findOne({ _id: `id${i}` as never, version: 1 }));
await c.close();
await engine.stop();
await rm(dir, { recursive: true, force: true });
