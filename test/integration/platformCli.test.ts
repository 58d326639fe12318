import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { stack } from '../support/stack.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';
import { projectRoot } from '../../src/config.ts';

const run = promisify(execFile);
const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');

async function platform(args: string[]) {
  const s = await stack();
  try {
    const r = await run(tsx, ['src/cli/platform.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'test', MONGODB_URI: s.engine.uri, PATHWISE_SECRET: 'test-secret-'.padEnd(48, 'x') },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the platform command (manual registration)', function () {
  this.timeout(60_000);

  it('registers a Moodle site from its URL with the documented endpoints and deployment', async () => {
    const r = await platform(['add', '--preset', 'moodle', '--site', 'https://moodle.example.edu/', '--client-id', 'moodle-client-1', '--deployment', '7']);
    assert.equal(r.code, 0, r.stderr);
    const reg = await Registration.findOne({ issuer: 'https://moodle.example.edu', clientId: 'moodle-client-1' }).lean();
    assert.ok(reg);
    assert.equal(reg.authEndpoint, 'https://moodle.example.edu/mod/lti/auth.php');
    assert.equal(reg.jwksUrl, 'https://moodle.example.edu/mod/lti/certs.php');
    assert.deepEqual(reg.deploymentIds, ['7']);
    const s = await stack();
    assert.ok(await s.db.collection('platforms').findOne({ platformUrl: 'https://moodle.example.edu', clientId: 'moodle-client-1' }));
  });

  it('registers Canvas with the sso endpoints and its own token host', async () => {
    const r = await platform(['add', '--preset', 'canvas', '--canvas-host', 'school.instructure.com', '--client-id', '10000000000042', '--canvas-env', 'beta']);
    assert.equal(r.code, 0, r.stderr);
    const reg = await Registration.findOne({ issuer: 'https://canvas.beta.instructure.com', clientId: '10000000000042' }).lean();
    assert.equal(reg?.authEndpoint, 'https://sso.beta.canvaslms.com/api/lti/authorize_redirect');
    assert.equal(reg?.tokenEndpoint, 'https://school.instructure.com/login/oauth2/token');
  });

  it('says what is wrong and exits 2 on bad arguments, storing nothing', async () => {
    const before = await Registration.countDocuments();
    const r = await platform(['add', '--issuer', 'not a url', '--client-id', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--issuer/);
    assert.match(r.stderr, /--auth-url/);
    assert.equal(r.stdout, '');
    assert.equal(await Registration.countDocuments(), before);
  });
});
