import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { stack } from '../support/stack.ts';
import { launchAs } from '../support/factories.ts';
import { parseForms } from '../support/ltiClient.ts';

describe('the request log', function () {
  this.timeout(60_000);

  it('never contains the session token, not even in a redirect’s Location', async () => {
    const s = await stack();
    const lines: string[] = [];
    const out = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const { app, close } = await createApp({
      config: s.config,
      log: createLogger('info', out),
      mongoUri: s.engine.uri,
      mongoOptions: s.engine.clientOptions,
      secret: 'test-secret-'.padEnd(48, 'x'),
      workers: false,
    });
    try {
      const t = await launchAs('canvas', 'teacher');
      const form = parseForms(t.html).find((f) => f.action.endsWith('/settings'))!;
      const token = form.fields.s!;
      const res = await supertest(app).post(form.action).type('form').send({ s: token, gradingMode: 'mastery', masteryThreshold: '0.95' });
      assert.equal(res.status, 303);
      assert.ok(res.headers.location?.includes(token.split('.')[2]!), 'the redirect carries the token');
      const log = lines.join('');
      assert.match(log, /request completed/);
      assert.ok(!log.includes(token.split('.')[2]!), 'the token is not in the log');
    } finally {
      await close();
    }
  });
});
