import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox } from '../../scripts/sandbox/index.ts';

describe('sandbox persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps registrations, links, line items and platform keys across restarts when a state file is given', async () => {
    const file = join(dir, 'nested', 'sandbox.json');
    const first = createSandbox({ baseUrl: 'http://127.0.0.1:3100', stateFile: file });
    const reg = first.registerTool('moodle', {
      clientName: 'T',
      jwksUri: 'http://localhost:3000/lti/keys',
      initiateLoginUri: 'http://localhost:3000/lti/login',
      redirectUris: ['http://localhost:3000/lti/launch'],
      targetLinkUri: 'http://localhost:3000/lti/launch',
    });
    const link = first.addResourceLink('2', { title: 'Kept', clientId: reg.clientId, lineItem: { scoreMaximum: 7 } });
    assert.ok(existsSync(file));
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['sandbox.json'], 'written through a temp file and renamed');

    const second = createSandbox({ baseUrl: 'http://127.0.0.1:3100', stateFile: file });
    assert.deepEqual(second.registrations(), first.registrations());
    assert.ok(second.resourceLinks('2').some((l) => l.id === link.id));
    assert.equal(second.lineItems('2').find((l) => l.resourceLinkId === link.id)?.scoreMaximum, 7);
    const claims = { iss: 'x', sub: 'y' };
    assert.equal(second.signIdToken('moodle', claims).split('.')[0], first.signIdToken('moodle', claims).split('.')[0], 'same kid');
  });

  it('keeps everything in memory when no state file is given', () => {
    const a = createSandbox({ baseUrl: 'http://127.0.0.1:3100' });
    a.addResourceLink('101', { title: 'Only here' });
    const b = createSandbox({ baseUrl: 'http://127.0.0.1:3100' });
    assert.equal(
      b.resourceLinks('101').some((l) => l.title === 'Only here'),
      false,
    );
  });

  it('never gives a new course, member, link or line item an id already in use (the seed has course 101)', () => {
    const sb = createSandbox({ baseUrl: 'http://127.0.0.1:3100' });
    const seeded = new Set(sb.courses().flatMap((c) => [c.id, ...c.members.map((m) => m.id)]));
    const made: string[] = [];
    for (let i = 0; i < 40; i++) {
      const c = sb.addCourse('moodle', { title: `Count ${i}`, students: 2 });
      const link = sb.addResourceLink(c.id, { title: `Link ${i}`, lineItem: { scoreMaximum: 1 } });
      made.push(c.id, ...c.members.map((m) => m.id), link.id);
    }
    assert.ok(
      made.some((id) => Number(id) > 101),
      'the counter went past the seeded course id',
    );
    assert.equal(new Set(made).size, made.length, 'every new id is new');
    assert.deepEqual(
      made.filter((id) => seeded.has(id)),
      [],
    );
    assert.equal(sb.courses().filter((c) => c.id === '101').length, 1);
  });
});
