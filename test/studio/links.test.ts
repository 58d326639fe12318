/**
 * Teachers' resource links go through the guarded outbound client: a link to a private or loopback
 * address (literal, after DNS, or reached by a redirect) is refused with words a teacher can act
 * on, and no request ever reaches it; a page that answers is kept, one that does not is reported.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { courseResources, setSkillResources } from '../../src/repositories/courseContent.ts';
import { checkLinks, linkPolicy } from '../../src/commands/studioLinks.ts';
import { clearCourseContent } from './support.ts';

/** A local web server that counts the requests it receives. */
async function countingServer(handle: (path: string) => { status: number; location?: string }) {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const a = handle(req.url ?? '/');
    res.writeHead(a.status, a.location ? { location: a.location } : {});
    res.end('<p>page</p>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { hits, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('content studio resource links', function () {
  this.timeout(120_000);
  let courseId = '';
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    if (courseId) await clearCourseContent(courseId);
    for (const s of servers.splice(0)) await s.close();
  });

  it('refuses a link to a private address when it is added and when links are checked, without requesting it', async () => {
    const s = await stack();
    const target = await countingServer(() => ({ status: 200 }));
    servers.push(target);
    const own = await ownCourse('canvas', { students: 0 });
    const r = await own.launch('teacher');
    const m = /\/app\/courses\/([a-f0-9]{24})\/teacher\?s=([^&#]+)/.exec(r.url);
    assert.ok(m, `a teacher lands on the teacher page: ${r.url}`);
    courseId = m[1]!;
    const token = decodeURIComponent(m[2]!);
    const base = `${s.toolUrl}/app/courses/${courseId}/studio`;
    const post = (fields: Record<string, string>) =>
      fetch(`${base}/resources/comparing-fractions`, {
        method: 'POST',
        body: new URLSearchParams({ s: token, ...fields }),
        redirect: 'manual',
      });
    const add = (url: string) => post({ action: 'add', kind: 'simulation', title: 'Inside', url, minutes: '3', language: 'en' });

    for (const url of [
      `http://127.0.0.1:${target.port}/sim`, // loopback, written as an address
      `http://localhost:${target.port}/sim`, // a name that resolves to loopback
      'http://169.254.169.254/latest/meta-data/', // the cloud metadata address
      'http://[::ffff:127.0.0.1]:9/sim', // loopback dressed as IPv6
    ]) {
      const res = await add(url);
      assert.equal(res.status, 400, url);
      assert.match(await res.text(), /This link cannot be added: the link points to a private or local network address[^<]*public address/);
    }
    assert.equal((await courseResources(courseId)).get('comparing-fractions'), undefined, 'nothing was stored');

    // A list stored before (or a link whose name later resolves inside the network) is reported, never opened.
    await setSkillResources(courseId, 'comparing-fractions', [
      { kind: 'simulation', title: 'Inside', url: `http://localhost:${target.port}/old`, minutes: 3 },
    ]);
    assert.equal((await post({ action: 'check' })).status, 303);
    const page = await (await fetch(`${base}?s=${encodeURIComponent(token)}`)).text();
    assert.match(page, /Broken link: the link points to a private or local network address, not to a page on the internet/);
    assert.deepEqual(target.hits, [], 'no request reached the private address');
  });

  it('checks a redirect again and tells pages that answer from those that do not', async () => {
    const inside = await countingServer(() => ({ status: 200 }));
    servers.push(inside);
    // An exempt host, as an operator lists a school's own server: it answers, and one page redirects inside.
    const school = await countingServer((path) =>
      path === '/moved'
        ? { status: 302, location: `http://127.0.0.1:${inside.port}/secret` }
        : path === '/gone'
          ? { status: 404 }
          : { status: 200 },
    );
    servers.push(school);
    const policy = { ...linkPolicy(), allowHttp: true, allowHosts: ['localhost'] };
    const url = (p: string) => `http://localhost:${school.port}${p}`;
    const broken = await checkLinks([{ url: url('/video') }, { url: url('/gone') }, { url: url('/moved') }], policy);
    assert.deepEqual(Object.keys(broken).sort(), [url('/gone'), url('/moved')]);
    assert.match(broken[url('/gone')]!, /answered “404”/);
    assert.match(broken[url('/moved')]!, /private or local network address/);
    assert.deepEqual(inside.hits, [], 'the redirect was not followed into the network');
    assert.deepEqual(school.hits.sort(), ['/gone', '/moved', '/video']);

    const strict = await checkLinks([{ url: url('/video') }], { ...policy, allowHttp: false });
    assert.match(strict[url('/video')]!, /only opens links that start with https:\/\//, 'production refuses plain http');
  });
});
