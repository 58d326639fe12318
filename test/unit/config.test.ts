import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('takes the defaults from config/ and overrides from the environment', () => {
    const c = loadConfig({ NODE_ENV: 'development' });
    assert.equal(c.port, 3000);
    assert.equal(c.publicUrl, 'http://localhost:3000');
    const d = loadConfig({ NODE_ENV: 'development', PUBLIC_URL: 'https://pathwise.example.edu/', LOG_LEVEL: 'warn', REFIT_MIN_STUDENTS: '80' });
    assert.equal(d.publicUrl, 'https://pathwise.example.edu', 'trailing slash dropped');
    assert.equal(d.logLevel, 'warn');
    assert.equal(d.refitMinStudents, 80);
  });

  it('moves a local public URL with PORT (and the sandbox URL with SANDBOX_PORT), never an explicit one', () => {
    const c = loadConfig({ NODE_ENV: 'development', PORT: '3999', SANDBOX_PORT: '3199' });
    assert.equal(c.port, 3999);
    assert.equal(c.publicUrl, 'http://localhost:3999');
    assert.equal(c.sandbox.url, 'http://127.0.0.1:3199');
    const d = loadConfig({ NODE_ENV: 'development', PORT: '3999', PUBLIC_URL: 'https://pathwise.example.edu' });
    assert.equal(d.publicUrl, 'https://pathwise.example.edu');
  });

  it('lists every problem at once, with what to do', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'development', PORT: 'eighty', PUBLIC_URL: 'ftp://x', LOG_LEVEL: 'loud' }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.problems.length, 3, e.message);
      assert.match(e.message, /port: /);
      assert.match(e.message, /publicUrl: must start with http:\/\/ or https:\/\//);
      assert.match(e.message, /logLevel: /);
      return true;
    });
  });

  it('refuses to run in production without a secret, saying how to make one', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://pathwise.example.edu' }), /PATHWISE_SECRET: required in production \(generate one with: openssl rand -hex 32\)/);
  });
});
