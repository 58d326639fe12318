/**
 * An unauthenticated login flood writes nothing: the OIDC login of a registered platform (whose
 * issuer and client ID are public) keeps its parameters in the signed `state` it sends to the
 * platform, not in a database record, and ltijs's own state record (for target links with a query)
 * is never made. Only a launch signed by the platform writes (the state's single use).
 */
import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';
import { Registration } from '../../src/repositories/models/Registration.ts';
import { launchAs } from '../support/factories.ts';
import { unchanged } from './helpers.ts';

describe('security: login flood', function () {
  this.timeout(120_000);

  it('60 logins for a registered platform, from many addresses and with query strings, write nothing', async () => {
    const s = await stack();
    const reg = (await Registration.findOne({ issuer: s.sandbox.flavours.canvas.issuer }).lean())!;
    const states = new Set<string>();
    await unchanged(async () => {
      for (let i = 0; i < 60; i++) {
        const q = new URLSearchParams({
          iss: reg.issuer,
          client_id: reg.clientId,
          login_hint: `flood-${i}`,
          target_link_uri: `${s.toolUrl}/lti/launch${i % 2 ? `?n=${i}` : ''}`,
        });
        const r = await fetch(`${s.toolUrl}/lti/login?${q}`, {
          redirect: 'manual',
          headers: { 'X-Forwarded-For': `198.51.100.${i % 250}` },
        });
        assert.equal(r.status, 302);
        const to = new URL(r.headers.get('location')!);
        assert.ok(!to.searchParams.get('redirect_uri')?.includes('?'), 'the query of the target link is dropped');
        states.add(to.searchParams.get('state')!);
        await r.arrayBuffer();
      }
    });
    assert.equal(states.size, 60, 'each login has its own state');
  });

  it('a real launch still works once its state is sealed, and the seal cannot be altered', async () => {
    let state = '';
    const ok = await launchAs(
      'canvas',
      { student: 3 },
      {
        intercept: (req) => {
          if (req.kind === 'tool-launch') state = String(req.fields?.state ?? '');
        },
      },
    );
    assert.equal(ok.status, 200);
    assert.equal(state.split('.').length, 3);
    const altered = await launchAs(
      'canvas',
      { student: 3 },
      {
        intercept: (req) => {
          if (req.kind !== 'tool-launch') return undefined;
          const [inner, body, tag] = String(req.fields!.state).split('.');
          const params = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { p: Record<string, string> };
          params.p.login_hint = 'someone-else';
          return {
            ...req,
            fields: { ...req.fields!, state: `${inner}.${Buffer.from(JSON.stringify(params)).toString('base64url')}.${tag}` },
          };
        },
      },
    );
    assert.ok(altered.status === 400 || altered.status === 401, `an altered state answered ${altered.status}`);
    assert.match(altered.html, /data-code="state_mismatch"/);
  });
});
