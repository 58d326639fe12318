import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { platformCli as platform } from '../support/cli.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';
import { findUsableInvite } from '../../src/repositories/registrations.ts';

describe('the platform command (manual registration)', function () {
  this.timeout(60_000);

  it('registers a Moodle site from its URL with the documented endpoints and deployment', async () => {
    const r = await platform([
      'add',
      '--preset',
      'moodle',
      '--site',
      'https://moodle.example.edu/',
      '--client-id',
      'moodle-client-1',
      '--deployment',
      '7',
    ]);
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
    const r = await platform([
      'add',
      '--preset',
      'canvas',
      '--canvas-host',
      'school.instructure.com',
      '--client-id',
      '10000000000042',
      '--canvas-env',
      'beta',
    ]);
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

describe('the platform command (invites and operator changes)', function () {
  this.timeout(180_000);

  it('creates a one-time registration link for the LMS (used by a real registration in test/security)', async () => {
    const r = await platform(['invite', '--expires', '2h', '--label', 'Lincoln Elementary Moodle']);
    assert.equal(r.code, 0, r.stderr);
    const link = r.stdout.trim();
    assert.match(link, /\/lti\/register\/[A-Za-z0-9_-]{16,}$/);
    assert.match(r.stderr, /works once/);
    assert.ok(await findUsableInvite(link.split('/').at(-1)), 'the link is a valid, unused invite');
  });

  it('refuses to add a platform that exists and changes its keys only through update', async () => {
    const args = ['--preset', 'moodle', '--site', 'https://moodle.update.example', '--client-id', 'upd-1'];
    assert.equal((await platform(['add', ...args])).code, 0);
    const again = await platform(['add', ...args]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already registered.*platform update/);
    const upd = await platform([
      'update',
      '--issuer',
      'https://moodle.update.example',
      '--client-id',
      'upd-1',
      '--jwks-url',
      'https://moodle.update.example/new-certs',
    ]);
    assert.equal(upd.code, 0, upd.stderr);
    const reg = await Registration.findOne({ issuer: 'https://moodle.update.example', clientId: 'upd-1' }).lean();
    assert.equal(reg?.jwksUrl, 'https://moodle.update.example/new-certs');
    const s = await stack();
    const ltijs = await s.db.collection('platforms').findOne({ platformUrl: 'https://moodle.update.example', clientId: 'upd-1' });
    assert.match(JSON.stringify(ltijs), /new-certs/);
  });
});
