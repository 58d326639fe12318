/**
 * Server-side request forgery: the outbound client under the production policy refuses non-https
 * schemes, loopback, private, link-local and metadata addresses (literal or after DNS), redirects
 * to them, oversized answers and slow servers. Real sockets on 127.0.0.1 stand in for the targets.
 */
import assert from 'node:assert/strict';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchWithPolicy, isPublicAddress, OutboundError, type OutboundPolicy } from '../../src/lti/http.ts';

const production: OutboundPolicy = {
  allowHttp: false,
  allowPrivate: false,
  allowHosts: [],
  maxBytes: 1_000_000,
  timeoutMs: 2_000,
  maxRedirects: 3,
};

async function refused(p: Promise<unknown>, code: OutboundError['code']) {
  await assert.rejects(p, (err: unknown) => err instanceof OutboundError && err.code === code);
}

describe('security: outbound requests (SSRF)', function () {
  this.timeout(20_000);
  let server: Server;
  let port = 0;
  let hits = 0;

  before(async () => {
    server = http.createServer((req, res) => {
      hits++;
      if (req.url === '/big') return res.end(Buffer.alloc(2_000_000, 'x'));
      if (req.url === '/slow') return; // never answers
      if (req.url === '/to-localhost') return res.writeHead(302, { Location: `http://localhost:${port}/ok` }).end();
      if (req.url?.startsWith('/loop')) return res.writeHead(302, { Location: `/loop${Math.random()}` }).end();
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('classifies addresses: only global unicast is public', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
    ]) {
      assert.equal(isPublicAddress(ip), false, ip);
    }
    for (const ip of ['8.8.8.8', '2606:4700:4700::1111']) assert.equal(isPublicAddress(ip), true, ip);
  });

  it('refuses data:, file: and http: URLs in production', async () => {
    await refused(fetchWithPolicy(production, 'data:application/json,{}'), 'blocked_scheme');
    await refused(fetchWithPolicy(production, 'file:///etc/passwd'), 'blocked_scheme');
    await refused(fetchWithPolicy(production, `http://127.0.0.1:${port}/ok`), 'blocked_scheme');
  });

  it('refuses loopback, private and metadata addresses, literal or resolved, before connecting', async () => {
    const before = hits;
    for (const host of ['127.0.0.1', '[::1]', '169.254.169.254', '10.0.0.1', '[::ffff:127.0.0.1]']) {
      await refused(fetchWithPolicy(production, `https://${host}:${port}/ok`), 'blocked_address');
    }
    await refused(fetchWithPolicy(production, `https://localhost:${port}/ok`), 'blocked_address');
    assert.equal(hits, before, 'no request reached the server');
  });

  it('checks every redirect again', async () => {
    const policy = { ...production, allowHttp: true, allowHosts: ['127.0.0.1'] };
    const ok = await fetchWithPolicy(policy, `http://127.0.0.1:${port}/ok`);
    assert.equal(ok.status, 200, 'the exempted host itself is reachable');
    await refused(fetchWithPolicy(policy, `http://127.0.0.1:${port}/to-localhost`), 'blocked_address');
    await refused(fetchWithPolicy(policy, `http://127.0.0.1:${port}/loop`), 'too_many_redirects');
  });

  it('caps the size and the time of an answer', async () => {
    const policy = { ...production, allowHttp: true, allowPrivate: true, timeoutMs: 300 };
    await refused(fetchWithPolicy(policy, `http://127.0.0.1:${port}/big`), 'too_large');
    await refused(fetchWithPolicy(policy, `http://127.0.0.1:${port}/slow`), 'timeout');
  });
});
