/**
 * The student's pages over real HTTP (real database, sandbox LMS): the launch's locale picks the
 * language, the student can switch it, "show a hint" keeps what was entered, pages are
 * compressed, and a first load stays under 60 KB on the wire.
 */
import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { stack } from '../support/stack.ts';
import { launchAs, personOf } from '../support/factories.ts';
import { parseForms, type LtiClient } from '../support/ltiClient.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import type { Flavour } from '../../scripts/sandbox/index.ts';

async function activityFor(flavour: Flavour, student: number, skills: string[]) {
  const s = await stack();
  const { info, user } = await personOf(flavour, { student });
  const link = s.sandbox.addResourceLink(info.courseId, { title: `Student pages ${Date.now()}`, custom: { skills: skills.join(',') } });
  return { s, info, user, link };
}

/** Moves past worked examples and resources until a question is on screen. */
async function toQuestion(client: LtiClient, url: string, html: string, sandboxUrl: string): Promise<string> {
  for (let i = 0; i < 6 && !/data-testid="step" data-kind="item"/.test(html); i++) {
    const c = parseForms(html).find((f) => f.action.endsWith('/continue'));
    assert.ok(c, 'a step without a question offers "continue"');
    const r = await client.postForm(new URL(c.action, url).toString(), c.fields, { sandboxUrl });
    assert.equal(r.status, 200);
    html = r.html;
  }
  assert.match(html, /data-kind="item"/);
  return html;
}

/** Bytes on the wire for a GET with gzip accepted (what a browser downloads). */
function transferred(url: string): Promise<{ bytes: number; encoding: string | undefined; status: number }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'], status: res.statusCode ?? 0 }));
    }).on('error', reject);
  });
}

describe('student pages', function () {
  this.timeout(120_000);

  it('speaks Spanish when the launch says locale es: interface, figures and language menu', async () => {
    const a = await activityFor('moodle', 3, ['fraction-meaning']);
    a.s.sandbox.setUserLocale(a.info.courseId, a.user.id, 'es-MX');
    try {
      const r = await launchAs('moodle', { student: 3 }, { resourceLinkId: a.link.id });
      assert.equal(r.status, 200);
      assert.match(r.html, /<html lang="es">/);
      const html = await toQuestion(r.client, r.url, r.html, a.s.sandboxUrl);
      assert.match(html, /Revisar mi respuesta/);
      assert.match(html, /Tu camino/);
      assert.doesNotMatch(html, /Check my answer|Your path/);
      assert.match(html, /<option value="es" lang="es" selected>/);
    } finally {
      a.s.sandbox.setUserLocale(a.info.courseId, a.user.id, 'en');
    }
  });

  it('lets the student switch language, and remembers the choice over the launch locale', async () => {
    const a = await activityFor('moodle', 4, ['fraction-meaning']);
    const r = await launchAs('moodle', { student: 4 }, { resourceLinkId: a.link.id });
    assert.match(r.html, /<html lang="en">/);
    const form = parseForms(r.html).find((f) => f.action.endsWith('/language'));
    assert.ok(form);
    try {
      const es = await r.client.postForm(
        new URL(form.action, r.url).toString(),
        { ...form.fields, lang: 'es' },
        { sandboxUrl: a.s.sandboxUrl },
      );
      assert.equal(es.status, 200);
      assert.match(es.html, /<html lang="es">/);
      const again = await launchAs('moodle', { student: 4 }, { resourceLinkId: a.link.id });
      assert.match(again.html, /<html lang="es">/, 'the choice outlives the next launch (locale en)');
      const bad = await r.client.postForm(
        new URL(form.action, r.url).toString(),
        { ...form.fields, lang: 'xx' },
        { sandboxUrl: a.s.sandboxUrl },
      );
      assert.equal(bad.status, 400, 'only offered languages are accepted');
    } finally {
      await Person.updateOne({ issuer: a.info.issuer, sub: a.user.sub }, { $unset: { language: 1 } });
    }
  });

  it('keeps what the student entered when they ask for a hint', async () => {
    const a = await activityFor('canvas', 3, ['fraction-meaning']);
    const r = await launchAs('canvas', { student: 3 }, { resourceLinkId: a.link.id });
    const html = await toQuestion(r.client, r.url, r.html, a.s.sandboxUrl);
    const form = parseForms(html).find((f) => f.action.endsWith('/answer'))!;
    // The first control of the answer, whatever the item type and the order of its attributes.
    const tag = /<(input|select)\b[^>]*\bname="(response|match:[^"]+)"[^>]*>/.exec(html);
    assert.ok(tag, 'the question has an answer field');
    const attr = (a: string) => new RegExp(`\\b${a}="([^"]*)"`).exec(tag[0])?.[1];
    const isSelect = tag[1] === 'select';
    const type = isSelect ? 'select' : (attr('type') ?? 'text');
    const name = tag[2]!;
    const typed = !isSelect && !['radio', 'checkbox'].includes(type);
    const value = isSelect ? /<option value="([^"]+)"/.exec(html.slice(tag.index))![1]! : typed ? '5 / 8 my try' : attr('value')!;
    const res = await r.client.postForm(
      new URL(form.action.replace(/\/answer$/, '/hint'), r.url).toString(),
      { ...form.fields, [name]: value },
      { sandboxUrl: a.s.sandboxUrl },
    );
    assert.equal(res.status, 200);
    assert.match(res.html, /data-testid="hints"/);
    const esc = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (isSelect) assert.match(res.html, new RegExp(`<option value="${esc}" selected>`));
    else if (typed) assert.match(res.html, new RegExp(`value="${esc}"`));
    else assert.match(res.html, new RegExp(`value="${esc}"[^>]*\\bchecked`));
  });

  it('sends compressed pages and keeps a first load under 60 KB on the wire', async () => {
    const a = await activityFor('canvas', 4, ['number-line', 'fraction-meaning']);
    const r = await launchAs('canvas', { student: 4 }, { resourceLinkId: a.link.id });
    const page = await transferred(r.url);
    assert.equal(page.status, 200);
    assert.ok(page.encoding === 'gzip' || page.encoding === 'br', `compressed (${page.encoding})`);
    const assets = [...r.html.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)].map((m) => new URL(m[1]!, r.url).toString());
    assert.ok(assets.length >= 3, 'stylesheet, frame and student scripts');
    let total = page.bytes;
    for (const u of assets) {
      const t = await transferred(u);
      assert.equal(t.status, 200);
      total += t.bytes;
    }
    assert.ok(total <= 60 * 1024, `${total} bytes`);
  });
});
