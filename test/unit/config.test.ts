import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { loadSandboxConfig } from '../../scripts/dev/config.ts';

describe('configuration', () => {
  it('takes the defaults from config/ and overrides from the environment', () => {
    const c = loadConfig({ NODE_ENV: 'development' });
    assert.equal(c.port, 3000);
    assert.equal(c.publicUrl, 'http://localhost:3000');
    const d = loadConfig({
      NODE_ENV: 'development',
      PUBLIC_URL: 'https://pathwise.example.edu/',
      LOG_LEVEL: 'warn',
      REFIT_MIN_STUDENTS: '80',
    });
    assert.equal(d.publicUrl, 'https://pathwise.example.edu', 'trailing slash dropped');
    assert.equal(d.logLevel, 'warn');
    assert.equal(d.refitMinStudents, 80);
  });

  it('moves a local public URL with PORT (and the sandbox URL with SANDBOX_PORT), never an explicit one', () => {
    const c = loadConfig({ NODE_ENV: 'development', PORT: '3999', SANDBOX_PORT: '3199' });
    assert.equal(c.port, 3999);
    assert.equal(c.publicUrl, 'http://localhost:3999');
    assert.equal(loadSandboxConfig({ SANDBOX_PORT: '3199' }).url, 'http://127.0.0.1:3199');
    assert.equal(loadSandboxConfig({ SANDBOX_PORT: '3199', SANDBOX_URL: 'http://sandbox.test:80' }).url, 'http://sandbox.test:80');
    const d = loadConfig({ NODE_ENV: 'development', PORT: '3999', PUBLIC_URL: 'https://pathwise.example.edu' });
    assert.equal(d.publicUrl, 'https://pathwise.example.edu');
  });

  it('lists every problem at once, with what to do', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'development', PORT: 'eighty', PUBLIC_URL: 'ftp://x', LOG_LEVEL: 'loud' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems.length, 3, e.message);
        assert.match(e.message, /port: /);
        assert.match(e.message, /publicUrl: must start with http:\/\/ or https:\/\//);
        assert.match(e.message, /logLevel: /);
        return true;
      },
    );
  });

  it('refuses to run in production without a database, a secret, a data key or HTTPS, saying how to fix each', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'http://pathwise.example.edu' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems.length, 4, e.message);
        assert.match(e.message, /PATHWISE_DATA_KEY: required in production/);
        assert.match(e.message, /MONGODB_URI: required in production/);
        assert.match(e.message, /PATHWISE_SECRET: required in production \(generate one with: openssl rand -hex 32\)/);
        assert.match(e.message, /PUBLIC_URL: must be an https:\/\/ URL in production/);
        return true;
      },
    );
    const ok = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://pathwise.example.edu',
      MONGODB_URI: 'mongodb://db.example.edu/pathwise',
      PATHWISE_SECRET: 'x'.repeat(32),
      PATHWISE_DATA_KEY: 'k'.repeat(32),
    });
    assert.equal(ok.env, 'production');
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: 'production',
          PUBLIC_URL: 'https://pathwise.example.edu',
          MONGODB_URI: 'mongodb://db.example.edu/pathwise',
          PATHWISE_SECRET: 'x'.repeat(32),
          PATHWISE_DATA_KEY: 'x'.repeat(32),
        }),
      /PATHWISE_DATA_KEY: must differ from PATHWISE_SECRET/,
    );
  });

  it('keeps the sandbox LMS out of the product configuration', () => {
    assert.equal('sandbox' in loadConfig({ NODE_ENV: 'development' }), false);
    assert.equal(loadSandboxConfig({ SANDBOX: 'off' }).enabled, false);
    assert.throws(() => loadSandboxConfig({ SANDBOX_PORT: 'x' }), /SANDBOX_PORT: /);
  });
});
