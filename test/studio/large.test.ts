/**
 * A large upload, as issue 19 sets the limits: a Moodle bank of 200 questions close to the 1000 KB
 * file limit. The preview shows every question with a summary and stays one page; the confirmation
 * adds all of them in one write, or nothing when any choice is wrong; one question more, or a file
 * over the limit, is refused with a clear message and nothing is written.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { parseForms } from '../support/ltiClient.ts';
import { moodleFixture } from '../content/helpers.ts';
import { STUDIO_LIMITS } from '../../src/domain/content/import/studio.ts';
import { coursePack, listCourseItems } from '../../src/repositories/courseContent.ts';
import { CourseContent } from '../../src/repositories/models/CourseContent.ts';
import { clearCourseContent } from './support.ts';

/** A Moodle XML bank of `n` copies of the real export's first multiple-choice question, each with its own name and a long text. */
function bank(n: number, padding: number): string {
  const xml = readFileSync(moodleFixture('multichoice.moodle.xml'), 'utf8');
  const category = /<question type="category">[\s\S]*?<\/question>/.exec(xml)![0];
  const question = /<question type="multichoice">[\s\S]*?<\/question>/.exec(xml)![0];
  const story = ' The class shares the bar fairly and writes down what each person gets.'.repeat(Math.ceil(padding / 70)).slice(0, padding);
  const questions = Array.from({ length: n }, (_, i) =>
    question
      .replace('Chocolate bar: 3 of 8 pieces eaten', `Chocolate bar number ${i + 1}`)
      .replace('What fraction of the bar did Sam eat?', `What fraction of bar ${i + 1} did Sam eat?${story}`),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${category}\n${questions.join('\n')}\n</quiz>\n`;
}

describe('content studio: a large upload', function () {
  this.timeout(240_000);
  let courseId = '';
  after(async () => {
    if (courseId) await clearCourseContent(courseId);
  });

  it('previews 200 questions near the size limit and adds them all in one write, or nothing', async () => {
    const s = await stack();
    const own = await ownCourse('canvas', { students: 0 });
    const r = await own.launch('teacher');
    const m = /\/app\/courses\/([a-f0-9]{24})\/teacher\?s=([^&#]+)/.exec(r.url);
    assert.ok(m, r.url);
    courseId = m[1]!;
    const token = decodeURIComponent(m[2]!);
    const base = `${s.toolUrl}/app/courses/${courseId}/studio`;
    const preview = async (name: string, text: string) => {
      const form = new FormData();
      form.set('s', token);
      form.set('format', 'moodle-xml');
      form.set('file', new Blob([text], { type: 'text/xml' }), name);
      const res = await fetch(`${base}/preview`, { method: 'POST', body: form });
      return { status: res.status, html: await res.text() };
    };
    const stored = () => CourseContent.countDocuments({ courseId: new Types.ObjectId(courseId), kind: { $in: ['item', 'upload'] } });

    const tooMany = await preview('too-many.xml', bank(STUDIO_LIMITS.questions + 1, 0));
    assert.equal(tooMany.status, 422);
    assert.match(
      tooMany.html,
      /Nothing was added\.[\s\S]*The file has 201 questions; the limit is 200 at a time\. Export one category at a time\./,
    );
    const tooBig = await preview('too-big.xml', bank(100, 12_000));
    assert.equal(tooBig.status, 400);
    assert.match(tooBig.html, /The file is bigger than 1000 KB\. Export fewer questions at a time/);
    assert.equal(await stored(), 0, 'nothing written for a refused file');

    const file = bank(STUDIO_LIMITS.questions, 2_500);
    const size = Buffer.byteLength(file);
    assert.ok(size > 0.9 * STUDIO_LIMITS.bytes && size <= STUDIO_LIMITS.bytes, `the bank is close to the limit (${size} bytes)`);
    const started = Date.now();
    const shown = await preview('big-bank.xml', file);
    const previewMs = Date.now() - started;
    assert.equal(shown.status, 200, shown.html.replace(/<[^>]+>/g, ' ').slice(0, 400));
    assert.equal(shown.html.match(/data-testid="preview-question"/g)?.length, 200, 'every question is shown');
    assert.match(shown.html, /200 question\(s\) checked: 200 ready to add\./);
    assert.ok(previewMs < 20_000, `the preview answers in ${previewMs} ms`);
    assert.ok(Buffer.byteLength(shown.html) < 3 * size, `the page stays small (${Buffer.byteLength(shown.html)} bytes)`);
    assert.doesNotMatch(shown.html, /name="questions"/, 'the questions stay on the server, not in the page');
    assert.equal(await stored(), 0, 'a preview adds nothing');

    const form = parseForms(shown.html).find((f) => f.action.endsWith('/studio/confirm'));
    assert.ok(form?.fields.upload, 'the confirmation names the checked upload');
    const choices = new URLSearchParams({ s: token, upload: form.fields.upload });
    // The skill Pathwise proposed for each question (its selected option), as the browser would send it.
    const proposed = [...shown.html.matchAll(/<select id="skill-(\d+)"[^>]*>[\s\S]*?<option value="([^"]+)" selected/g)];
    assert.equal(proposed.length, 200);
    for (const [, i, skill] of proposed) {
      choices.append('include', i!);
      choices.set(`skill-${i!}`, skill!);
    }
    const confirm = (body: URLSearchParams) => fetch(`${base}/confirm`, { method: 'POST', body, redirect: 'manual' });

    const wrong = new URLSearchParams(choices);
    wrong.set('skill-150', 'no-such-skill');
    const refused = await confirm(wrong);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Choose a skill for question 151\./);
    assert.equal(await stored(), 0, 'one wrong choice: nothing is added');

    const added = await confirm(choices);
    assert.equal(added.status, 303);
    assert.match(added.headers.get('location') ?? '', /added=200/);
    assert.equal(await stored(), 1, 'all 200 questions arrive in one document, written once');
    const items = await listCourseItems(courseId);
    assert.equal(items.length, 200);
    assert.equal(new Set(items.map((i) => i.id)).size, 200, 'each question once');
    const pack = await coursePack(courseId);
    assert.equal(pack.items.filter((i) => i.id.startsWith('course-')).length, 200, 'all of them join the course’s practice');

    const twice = await confirm(choices);
    assert.equal(twice.status, 400, 'a second press of the button adds nothing');
    assert.match(await twice.text(), /These questions were added already/);
    assert.equal((await listCourseItems(courseId)).length, 200);
  });
});
