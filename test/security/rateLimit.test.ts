/**
 * Rate limits per address and per platform, in the shared database, and an anonymous login flood
 * that does not write a record per request. A second app on the same database stands in for a
 * second instance; X-Forwarded-For (trusted from loopback) stands in for other addresses.
 */
import assert from 'node:assert/strict';
import supertest from 'supertest';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';
import { stack } from '../support/stack.ts';

async function instance(limits: Record<string, number>) {
  const s = await stack();
  const config = loadConfig({ NODE_ENV: 'test' }, { publicUrl: s.toolUrl, port: 0, dataDir: s.dataDir, rateLimits: limits });
  return createApp({
    config,
    log: createLogger('silent'),
    mongoUri: s.engine.uri,
    mongoOptions: s.engine.clientOptions,
    secret: 'test-secret-'.padEnd(48, 'x'),
    workers: false,
  });
}

async function totalDocuments() {
  const s = await stack();
  let n = 0;
  for (const c of await s.db.listCollections().toArray()) n += await s.db.collection(c.name).countDocuments();
  return n;
}

describe('security: rate limits', function () {
  this.timeout(60_000);

  it('limits logins per address and per platform, across instances', async () => {
    const s = await stack();
    const reg = (await Registration.findOne({ issuer: s.sandbox.flavours.canvas.issuer }).lean())!;
    const q = { iss: reg.issuer, client_id: reg.clientId, login_hint: 'x', target_link_uri: `${s.toolUrl}/lti/launch` };
    const a = await instance({ login: 4, perPlatform: 8 });
    const b = await instance({ login: 4, perPlatform: 8 });
    try {
      const login = (app: typeof a.app, ip: string) =>
        supertest(app)
          .get('/lti/login')
          .query(q)
          .set('X-Forwarded-For', ip)
          .then((r) => r.status);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push(await login(a.app, '203.0.113.7'));
      assert.deepEqual(statuses, [302, 302, 302, 302, 429, 429], 'per address');
      for (let i = 0; i < 4; i++) assert.equal(await login(a.app, '203.0.113.8'), 302);
      assert.equal(await login(a.app, '203.0.113.9'), 429, 'per platform: 8 logins used its budget');
      // The other instance starts counting in memory, but from half the limit on it adds its count
      // to the shared window and sees the platform is over: it refuses long before its own 8.
      const other: number[] = [];
      for (const ip of ['203.0.113.10', '203.0.113.10', '203.0.113.10', '203.0.113.10', '203.0.113.11', '203.0.113.11'])
        other.push(await login(b.app, ip));
      assert.deepEqual(other, [302, 302, 302, 302, 429, 429], 'the per-platform count is shared across instances');
      const page = await supertest(a.app).get('/lti/login').query(q).set('X-Forwarded-For', '203.0.113.7').set('Accept', 'text/html');
      assert.equal(page.status, 429);
      assert.match(page.text, /data-code="rate_limited"/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('an anonymous login flood writes no record per request', async () => {
    const a = await instance({ login: 10, perPlatform: 1000 });
    try {
      const before = await totalDocuments();
      const statuses = new Set<number>();
      for (let i = 0; i < 200; i++) {
        const r = await supertest(a.app)
          .get('/lti/login')
          .query({ iss: `https://flood-${i}.example`, login_hint: 'x', target_link_uri: 'https://x.example/' })
          .set('X-Forwarded-For', '198.51.100.9');
        statuses.add(r.status);
      }
      assert.deepEqual([...statuses].sort(), [400, 429]);
      const written = (await totalDocuments()) - before;
      // One counter per one-minute window; the run may straddle two windows.
      assert.ok(written <= 2, `200 requests wrote ${written} documents (one counter per window at most)`);
    } finally {
      await a.close();
    }
  });

  it('limits registration attempts and answers per address', async () => {
    const a = await instance({ register: 2, answer: 2 });
    try {
      const reg = [0, 1, 2].map(() => supertest(a.app).get('/lti/register/nope-nope-nope-nope').set('X-Forwarded-For', '198.51.100.10'));
      const regStatuses = [];
      for (const r of reg) regStatuses.push((await r).status);
      assert.deepEqual(regStatuses, [403, 403, 429]);
      const ans = [];
      for (let i = 0; i < 3; i++)
        ans.push(
          (
            await supertest(a.app)
              .post('/app/activities/000000000000000000000000/answer')
              .type('form')
              .send({ s: 'x' })
              .set('X-Forwarded-For', '198.51.100.11')
          ).status,
        );
      assert.equal(ans[2], 429);
    } finally {
      await a.close();
    }
  });
});
