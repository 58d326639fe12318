/**
 * A Spanish student never reads the checker's English. For every item of the bundled pack (every
 * type and skill), in Spanish: a right, a wrong, an equal-but-other-form and two malformed answers
 * are checked and turned into the page's feedback exactly as the answer route does; no English
 * catalog sentence appears and the checker's own words are the Spanish catalog's. Figures are
 * described in Spanish. Then, over real HTTP (sandbox launch with locale es-MX): malformed and
 * wrong answers, an expired link and the end of a session all speak Spanish.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Types } from 'mongoose';
import { checkAnswer, instantiateItem, localizePack, presentItem } from '../../src/domain/content/index.ts';
import type { ItemInstance } from '../../src/domain/content/index.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { wordsFor } from '../../src/i18n/index.ts';
import { answerFeedback } from '../../src/routes/studentPage.ts';
import { correctResponse, wrongResponse } from '../content/helpers.ts';
import { parseRational } from '../../src/domain/content/rational.ts';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { parseForms } from '../support/ltiClient.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';

type Tree = { [k: string]: string | Tree };
const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../locales/${lang}/student.json`, import.meta.url), 'utf8')) as Tree;
const leaves = (t: Tree | string): string[] => (typeof t === 'string' ? [t] : Object.values(t).flatMap(leaves));
/** The English sentences a Spanish page must never show (the fixed part before any {{value}}). */
const ENGLISH = [...leaves(load('en').check as Tree), ...leaves(load('en').figure as Tree), ...leaves(load('en').errors as Tree)]
  .map((s) => s.split('{{')[0]!.trim())
  .filter((s) => s.length > 8);
const html = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const noEnglish = (text: string, where: string) => {
  for (const e of ENGLISH) assert.ok(!html(text).includes(e), `${where}: English "${e}" in "${text.slice(0, 200)}"`);
};

/** Answers of the same value in another form (6/8 for 3/4), where the type has forms. */
function otherForm(inst: ItemInstance): unknown {
  const q = inst.question;
  if (q.type !== 'fraction' && q.type !== 'ratio') return undefined;
  const p = parseRational(q.answer);
  if (!p.ok) return undefined;
  const v = p.parsed.value;
  return q.type === 'ratio' ? `${v.num * 2}:${v.den * 2}` : `${v.num * 2}/${v.den * 2}`;
}

describe('the checker speaks Spanish to a Spanish student', function () {
  this.timeout(120_000);
  const pack = loadBundledPack();
  const es = localizePack(pack, 'es');
  const say = wordsFor('es');
  const sayEn = wordsFor('en');

  it('for every item type and skill: right, wrong, other-form and malformed answers', () => {
    const types = new Set<string>();
    const skills = new Set<string>();
    const spoken = new Set<string>();
    for (const item of es.items) {
      for (const seed of [1, 2, 3]) {
        const inst = instantiateItem(es, item.id, seed);
        types.add(inst.question.type);
        inst.skills.forEach((s) => skills.add(s));
        const answers = [correctResponse(inst), wrongResponse(inst), otherForm(inst), '', 'abc ✗', { junk: 1 }];
        for (const answer of answers) {
          if (answer === undefined) continue;
          const r = checkAnswer(inst, answer);
          const where = `${item.id} seed ${seed} ${JSON.stringify(answer)}`;
          const page = answerFeedback({ duplicate: false, ...r, misconception: r.misconception?.feedback }, 'es');
          noEnglish(`${page.text} ${page.misconception ?? ''}`, where);
          if (r.message) {
            spoken.add(r.message.key);
            assert.equal(page.text, say(r.message), `${where}: the checker's words come from the Spanish catalog`);
            assert.notEqual(page.text, sayEn(r.message), `${where}: and are not the English ones`);
          }
          if (r.outcome !== 'correct') assert.ok(page.text || page.misconception, `${where}: a wrong answer gets words`);
        }
        for (const f of presentItem(inst, say).figures ?? []) {
          noEnglish(f.alt, `${item.id} figure`);
          assert.match(f.alt, /partes iguales|recta numérica/, `${item.id}: the figure is described in Spanish`);
        }
      }
    }
    assert.equal(types.size, 12, `every item type: ${[...types].join(', ')}`);
    assert.equal(skills.size, es.skills.length, 'every skill');
    for (const key of ['check.writeFraction', 'check.chooseOne', 'check.chooseParts', 'check.placePoint', 'check.chooseRelation'])
      assert.ok(spoken.has(key), `${key} was said at least once (${[...spoken].join(', ')})`);
  });

  it('over HTTP: a Spanish launch gets Spanish checker words, a Spanish expired-link page and a Spanish goodbye', async () => {
    const s = await stack();
    const c = await ownCourse('moodle', { students: 1, skills: 'fraction-meaning,number-line' });
    s.sandbox.setUserLocale(c.course.id, c.member({ student: 0 }).id, 'es-MX');
    const l = await c.launch({ student: 0 });
    const person = (await Person.findOne({ clientId: c.clientId, sub: c.member({ student: 0 }).sub }).lean())!;
    const activityId = /\/app\/activities\/([a-f0-9]{24})/.exec(l.url)![1]!;
    const show = async (itemId: string, seed: number) => {
      await Progress.updateOne(
        { activityId: new Types.ObjectId(activityId), personId: person._id },
        { $set: { 'current.kind': 'item', 'current.itemId': itemId, 'current.seed': seed, 'current.hintsShown': 0 } },
      );
      return (await l.client.get(l.url)).html;
    };
    const answer = async (page: string, fields: Record<string, string | string[]>) => {
      const form = parseForms(page).find((f) => f.action.endsWith('/answer'))!;
      return l.client.postForm(new URL(form.action, l.url).toString(), { ...form.fields, ...fields }, { sandboxUrl: s.sandboxUrl });
    };

    // A typed fraction that is not a fraction: the checker's sentence, in Spanish.
    const typed = await show('meaning-name-fraction', 4);
    const malformed = await answer(typed, { response: 'muchas' });
    assert.equal(malformed.status, 200);
    assert.match(malformed.html, /data-outcome="incorrect"/);
    assert.ok(html(malformed.html).includes(say({ key: 'check.writeFraction' })), 'the Spanish "write a fraction" sentence');
    noEnglish(malformed.html, 'malformed answer page');

    // A number line with nothing placed: the checker asks for the point, in Spanish; the figure is described in Spanish.
    const line = await show('visual-place-point', 2);
    const empty = await answer(line, {});
    assert.ok(html(empty.html).includes(say({ key: 'check.placePoint' })));
    noEnglish(empty.html, 'number-line page');
    const picture = await show('visual-read-number-line', 3);
    assert.match(picture, /aria-label="Una recta numérica de/);
    noEnglish(picture, 'figure page');

    // A link that no longer works: the error page in the browser's language.
    const expired = await fetch(`${s.toolUrl}/app/activities/${activityId}?s=not-a-session`, {
      headers: { Accept: 'text/html', 'Accept-Language': 'es-ES,es;q=0.9' },
    });
    const expiredHtml = await expired.text();
    assert.equal(expired.status, 401);
    assert.match(expiredHtml, /<html lang="es">/);
    assert.ok(html(expiredHtml).includes('Esta página ya caducó.'), expiredHtml.replace(/<[^>]+>/g, ' ').slice(0, 300));
    noEnglish(expiredHtml, 'expired page');

    // The student ends the session: goodbye in their language (their launch said es-MX).
    const end = parseForms(picture).find((f) => f.action.endsWith('/session/end'))!;
    const ended = await l.client.postForm(new URL(end.action, l.url).toString(), end.fields, { sandboxUrl: s.sandboxUrl });
    assert.match(ended.html, /<html lang="es">/);
    assert.match(ended.html, /Saliste de Pathwise/);
    assert.doesNotMatch(ended.html, /You have left/);
  });
});
