/**
 * The content in the student's language and theme, over real HTTP (real database, sandbox LMS):
 * a launch with locale es gets the bundled pack's items, hints and checking in Spanish while an
 * English launch gets English; the student's interests are saved (only themes the pack offers)
 * and the next word problem is told in that theme.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';
import { parseForms, type LtiClient } from '../support/ltiClient.ts';
import { Person } from '../../src/repositories/models/Person.ts';
import { Progress } from '../../src/repositories/models/Progress.ts';

type Launched = { client: LtiClient; url: string; html: string };

const activityOf = (url: string): string => /\/app\/activities\/([a-f0-9]{24})/.exec(url)![1]!;

/** Puts one item on the student's screen (the test owns this student's progress) and reloads the page. */
async function showItem(l: Launched, personId: Types.ObjectId, itemId: string, seed: number): Promise<string> {
  await Progress.updateOne(
    { activityId: new Types.ObjectId(activityOf(l.url)), personId },
    { $set: { 'current.kind': 'item', 'current.itemId': itemId, 'current.seed': seed, 'current.hintsShown': 0 } },
  );
  const r = await l.client.get(l.url);
  assert.equal(r.status, 200);
  return r.html;
}

/** Posts a form of the page as a browser would, with `fields` changed ("hint" is the question form's second button). */
async function submit(l: Launched, html: string, action: string, fields: Record<string, string | string[]>, omit: string[] = []) {
  const form = parseForms(html).find((f) => f.action.endsWith(action === '/hint' ? '/answer' : action));
  assert.ok(form, `the page has a ${action} form`);
  const s = await stack();
  const sent: Record<string, string | string[]> = { ...form.fields, ...fields };
  for (const k of omit) delete sent[k];
  const url = new URL(action === '/hint' ? form.action.replace(/\/answer$/, '/hint') : form.action, l.url).toString();
  return l.client.postForm(url, sent, { sandboxUrl: s.sandboxUrl });
}

describe('content in the student language and theme', function () {
  this.timeout(120_000);

  it('serves Spanish items and checks Spanish answers on a Spanish launch, English on an English one', async () => {
    const s = await stack();
    const c = await ownCourse('moodle', { students: 2, skills: 'fraction-meaning,add-like' });
    s.sandbox.setUserLocale(c.course.id, c.member({ student: 0 }).id, 'es-MX');
    const es = await c.launch({ student: 0 });
    const en = await c.launch({ student: 1 });
    assert.match(es.html, /<html lang="es">/);
    assert.match(en.html, /<html lang="en">/);
    const esPerson = (await Person.findOne({ clientId: c.clientId, sub: c.member({ student: 0 }).sub }).lean())!;
    const enPerson = (await Person.findOne({ clientId: c.clientId, sub: c.member({ student: 1 }).sub }).lean())!;

    // A generated word problem: the story, the instruction and the hints in the student's language.
    const esWord = await showItem(es, esPerson._id, 'add-like-word', 11);
    assert.match(esWord, /Da tu respuesta como fracción o como número mixto/);
    assert.doesNotMatch(esWord, /Give your answer|Decide first/);
    const enWord = await showItem(en, enPerson._id, 'add-like-word', 11);
    assert.match(enWord, /Give your answer as a fraction or mixed number/);
    assert.doesNotMatch(enWord, /Da tu respuesta/);
    const esHint = await submit(es, esWord, '/hint', {});
    assert.match(esHint.html, /Primero decide: ¿estamos juntando cantidades/);

    // A wrong answer gets its "not yet" advice in Spanish (the checker runs on the Spanish variant).
    const wrong = await submit(es, esHint.html, '/answer', { response: '1/1000' });
    assert.equal(wrong.status, 200);
    assert.match(wrong.html, /data-outcome="incorrect"/);
    assert.match(wrong.html, /Mira otra vez los números, o pide una pista/);

    // A word typed in Spanish is the right answer for the Spanish student, the English word for the English one.
    const esText = await showItem(es, esPerson._id, 'meaning-denominator-word', 1);
    assert.match(esText, /¿cómo se llama el 6\?/);
    const esRight = await submit(es, esText, '/answer', { response: 'denominador' });
    assert.match(esRight.html, /data-testid="feedback" data-outcome="correct"/);
    const enText = await showItem(en, enPerson._id, 'meaning-denominator-word', 1);
    assert.match(enText, /what do we call the 6\?/);
    const enRight = await submit(en, enText, '/answer', { response: 'denominator' });
    assert.match(enRight.html, /data-testid="feedback" data-outcome="correct"/);

    // The worked example and the skill path are in Spanish too.
    await Progress.updateOne(
      { activityId: new Types.ObjectId(activityOf(es.url)), personId: esPerson._id },
      { $set: { 'current.kind': 'worked-example', 'current.skillId': 'fraction-meaning' } },
    );
    const example = (await es.client.get(es.url)).html;
    assert.match(example, /Revisa que las partes sean iguales/);
    assert.match(example, /Qué es una fracción/);
    assert.doesNotMatch(example, /What a fraction means|Check the parts are equal/);
  });

  it('saves the interests a student picks and tells the next word problem in that theme', async () => {
    const c = await ownCourse('canvas', { students: 1, skills: 'add-like' });
    const l = await c.launch({ student: 0 });
    assert.match(l.html, /data-testid="interests" data-asked="false"/, 'first launch asks what the student likes');
    const person = (await Person.findOne({ clientId: c.clientId, sub: c.member({ student: 0 }).sub }).lean())!;
    assert.equal(person.interests, undefined, 'nothing is stored before the student chooses');

    const bad = await submit(l, l.html, '/interests', { interest: 'dinosaurs' });
    assert.equal(bad.status, 400, 'only the themes on the page are accepted');
    assert.match(bad.html, /not one of the themes here/);

    const saved = await submit(l, l.html, '/interests', { interest: 'space' });
    assert.equal(saved.status, 200);
    assert.match(saved.html, /data-testid="notice">Saved!/);
    assert.match(saved.html, /data-testid="interests" data-asked="true"/);
    assert.match(saved.html, /data-testid="interests-chosen">Space</);
    assert.deepEqual((await Person.findById(person._id).lean())!.interests, ['space']);

    for (const seed of [3, 8, 21]) {
      const word = await showItem(l, person._id, 'add-like-word', seed);
      assert.match(word, /rocket|lander|fuel/, `seed ${seed}: a space story`);
    }
    // Changing the choice changes the story, not the numbers: the same answer is still right.
    await submit(l, l.html, '/interests', { interest: ['cooking'] });
    const cooking = await showItem(l, person._id, 'add-like-word', 3);
    assert.match(cooking, /cup of (flour|milk)/);
    assert.doesNotMatch(cooking, /rocket|lander/);

    // "Surprise me": an empty choice is kept as a choice (the page stops asking).
    const none = await submit(l, cooking, '/interests', {}, ['interest']);
    assert.match(none.html, /data-testid="interests-chosen">a surprise mix</);
    assert.deepEqual((await Person.findById(person._id).lean())!.interests, []);
  });
});
