import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../src/config.ts';
import { stack } from '../support/stack.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

/** The environment a production host gives: nothing from the developer's shell that could help. */
function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', LOG_LEVEL: 'silent', ...extra };
}

describe('the production start (npm run build, npm run serve)', function () {
  this.timeout(240_000);

  before(() => {
    // The type check is `npm test`'s first step on the same tree; the build's own would repeat it (minutes on a busy machine).
    const r = spawnSync(npm, ['run', '--silent', 'build', '--', '--skip-typecheck'], { cwd: projectRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr || r.stdout);
    assert.ok(existsSync(path.join(projectRoot, 'dist', 'main.js')));
    assert.ok(
      existsSync(path.join(projectRoot, 'dist', 'domain', 'content', 'packs', 'fractions', 'pack.yaml')),
      'the bundled pack travels with the build',
    );
  });

  it('refuses to start without a database, a secret, a data key and an https URL, naming each, and exits 2', () => {
    const r = spawnSync(npm, ['run', '--silent', 'serve'], { cwd: projectRoot, encoding: 'utf8', env: productionEnv({}) });
    assert.equal(r.status, 2);
    for (const v of ['MONGODB_URI', 'PATHWISE_SECRET', 'PATHWISE_DATA_KEY', 'PUBLIC_URL']) assert.match(r.stderr, new RegExp(`${v}: `));
  });

  it('serves the compiled product from a database given by MONGODB_URI, without the sandbox, and stops on SIGTERM', async () => {
    const s = await stack();
    const port = await freePort();
    const uri = s.engine.uri.replace(/\/[^/?]*(\?|$)/, '/pathwise_serve_check$1');
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: projectRoot,
      env: productionEnv({
        MONGODB_URI: uri,
        PATHWISE_SECRET: 'p'.repeat(40),
        PATHWISE_DATA_KEY: 'd'.repeat(40),
        PUBLIC_URL: 'https://pathwise.test',
        PORT: String(port),
        REFIT_INTERVAL_HOURS: '0',
        RETENTION_INTERVAL_HOURS: '0',
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let health: Response | undefined;
      for (let i = 0; i < 120 && !health; i++) {
        health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        if (!health) await new Promise((r) => setTimeout(r, 500));
      }
      assert.equal(health?.status, 200, stderr);
      const home = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(home.status, 200);
      const sandbox = await fetch(`http://127.0.0.1:${port}/courses`);
      assert.equal(sandbox.status, 404, 'no sandbox LMS in the product');
    } finally {
      child.kill('SIGTERM');
    }
    const started = Date.now();
    const code = await exited;
    assert.equal(code, 0, stderr);
    assert.ok(Date.now() - started < 10_000, 'stopped within 10 s');
  });
});
