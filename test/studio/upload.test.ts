import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { resourcesFor } from '../../src/domain/content/index.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { launchAs } from '../support/factories.ts';
import { moodleFixture } from '../content/helpers.ts';
import { CourseContent } from '../../src/repositories/models/CourseContent.ts';
import { courseResources } from '../../src/repositories/courseContent.ts';
import { clearCourseContent } from './support.ts';

/** The studio's address and session token, from a real teacher launch. */
async function teacherStudio(flavour: 'canvas' | 'moodle') {
  const r = await launchAs(flavour, 'teacher');
  const m = /\/app\/courses\/([a-f0-9]{24})\/teacher\?s=([^&#]+)/.exec(r.url);
  assert.ok(m, `a teacher lands on the teacher page: ${r.url}`);
  const s = await stack();
  return { courseId: m[1]!, token: decodeURIComponent(m[2]!), base: `${s.toolUrl}/app/courses/${m[1]}/studio` };
}

async function preview(base: string, token: string, file: { name: string; text: string } | null, format = 'moodle-xml', pasted?: string) {
  const form = new FormData();
  form.set('s', token);
  form.set('format', format);
  if (pasted !== undefined) form.set('pasted', pasted);
  if (file) form.set('file', new Blob([file.text], { type: 'text/xml' }), file.name);
  const res = await fetch(`${base}/preview`, { method: 'POST', body: form });
  return { status: res.status, html: await res.text() };
}

/** Questions and resource lists of the course (a checked upload waiting for confirmation is not the course's content yet). */
const count = async (courseId: string): Promise<number> =>
  CourseContent.countDocuments({ courseId: new Types.ObjectId(courseId), kind: { $ne: 'draft' } });

describe('content studio uploads over HTTP', function () {
  this.timeout(240_000);
  let courseId = '';
  afterEach(async () => {
    if (courseId) await clearCourseContent(courseId);
  });

  it('refuses hostile and broken files with a clear message and writes nothing', async () => {
    const t = await teacherStudio('canvas');
    courseId = t.courseId;
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<quiz><question type="truefalse"><name><text>&b;</text></name></question></quiz>`;
    const r1 = await preview(t.base, t.token, { name: 'bomb.xml', text: bomb });
    assert.equal(r1.status, 422);
    assert.match(r1.html, /Nothing was added\.[\s\S]*declares its own XML entities/);
    const real = readFileSync(moodleFixture('shortanswer.moodle.xml'), 'utf8').replace('<answer fraction="50"', '<answer fraction="33"');
    const r2 = await preview(t.base, t.token, { name: 'edited.xml', text: real });
    assert.equal(r2.status, 422);
    assert.match(r2.html, /33% is not a grade Moodle allows\. Change it to 33\.33333%/);
    const big = await preview(t.base, t.token, { name: 'big.xml', text: 'x'.repeat(1_000_001) });
    assert.equal(big.status, 400);
    assert.match(big.html, /bigger than 1000 KB/);
    const script = await preview(
      t.base,
      t.token,
      null,
      'gift',
      '::Sneaky:: [html]<p onmouseover="steal()">Half of 4?</p><script>steal()</script> {#2}',
    );
    assert.equal(script.status, 200);
    assert.match(script.html, /Half of 4\?/);
    assert.doesNotMatch(script.html, /<script>steal|onmouseover/);
    assert.equal(await count(courseId), 0, 'a preview never writes');
  });

  it("only the course's teachers may use the studio", async () => {
    const student = await launchAs('canvas', { student: 0 });
    const token = /[?&]s=([^&#]+)/.exec(student.url)?.[1];
    assert.ok(token);
    const t = await teacherStudio('canvas');
    courseId = t.courseId;
    const res = await fetch(`${t.base}?s=${token}`);
    assert.equal(res.status, 403);
    const other = await teacherStudio('moodle');
    const cross = await fetch(`${t.base}?s=${encodeURIComponent(other.token)}`);
    assert.equal(cross.status, 403, 'a teacher of another course is refused');
    const r = await preview(t.base, String(token), { name: 'tf.xml', text: readFileSync(moodleFixture('truefalse.moodle.xml'), 'utf8') });
    assert.equal(r.status, 403);
    assert.equal(await count(courseId), 0);
  });

  it("adds, reorders and removes a skill's resources, and reports a broken link", async () => {
    const t = await teacherStudio('canvas');
    courseId = t.courseId;
    const post = (fields: Record<string, string>) =>
      fetch(`${t.base}/resources/comparing-fractions`, {
        method: 'POST',
        body: new URLSearchParams({ s: t.token, ...fields }),
        redirect: 'manual',
      });
    assert.equal((await courseResources(courseId)).get('comparing-fractions'), undefined);
    // Start from an empty list, so the link check asks only this test's links (reserved names that never resolve).
    const bundled = resourcesFor(loadBundledPack(), 'comparing-fractions').length;
    for (let i = 0; i < bundled; i++) assert.equal((await post({ action: 'remove', index: '0' })).status, 303);
    assert.deepEqual((await courseResources(courseId)).get('comparing-fractions')!.resources, []);
    assert.equal(resourcesFor(loadBundledPack(), 'comparing-fractions').length, bundled, 'the bundled pack is unchanged');
    assert.equal(
      (await post({ action: 'add', kind: 'video', title: 'Twelfths', url: 'https://twelfths.invalid/video', minutes: '4', language: 'en' }))
        .status,
      303,
    );
    assert.equal(
      (await post({ action: 'add', kind: 'article', title: 'Gone', url: 'https://gone.invalid/closed', minutes: '2', language: 'es' }))
        .status,
      303,
    );
    const bad = await post({ action: 'add', kind: 'video', title: '', url: 'ftp://x', minutes: '0', language: 'en' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /Give the resource a title\.[\s\S]*The link must start with http/);
    let list = (await courseResources(courseId)).get('comparing-fractions')!.resources;
    assert.deepEqual(
      list.map((r) => [r.title, r.language]),
      [
        ['Twelfths', 'en'],
        ['Gone', 'es'],
      ],
    );
    await post({ action: 'up', index: '1' });
    list = (await courseResources(courseId)).get('comparing-fractions')!.resources;
    assert.deepEqual(
      list.map((r) => r.title),
      ['Gone', 'Twelfths'],
    );
    await post({ action: 'check' });
    const broken = (await courseResources(courseId)).get('comparing-fractions')!.broken;
    assert.deepEqual(Object.keys(broken).sort(), ['https://gone.invalid/closed', 'https://twelfths.invalid/video']);
    const page = await (await fetch(`${t.base}?s=${encodeURIComponent(t.token)}`)).text();
    assert.match(page, /Broken link: the page did not answer/);
    await post({ action: 'remove', index: '0' });
    list = (await courseResources(courseId)).get('comparing-fractions')!.resources;
    assert.deepEqual(
      list.map((r) => r.title),
      ['Twelfths'],
    );
    assert.deepEqual(
      Object.keys((await courseResources(courseId)).get('comparing-fractions')!.broken),
      ['https://twelfths.invalid/video'],
      'the removed link is no longer reported',
    );
  });
});
