/**
 * The bundled pack in Spanish: every item (fixed, generated, in every theme) has Spanish text with
 * no English left in it, accepts its own right answer, and has the same numbers and answer as
 * the English variant; skills and misconceptions are translated. Translations are validated: a
 * missing item, a missing generator phrase, a phrase naming a value the generator does not give,
 * or a translation that changes more than text is refused with its path.
 */
import assert from 'node:assert/strict';
import { checkAnswer, ContentValidationError, correctResponse, instantiateItem, localizePack } from '../../src/domain/content/index.ts';
import { loadBundledPack, loadPack } from '../../src/repositories/packFiles.ts';

/** Words that only an English sentence would have (none of them is a Spanish word). */
const ENGLISH = /\b(the|what|which|how|and|of|is|are|colour|write|fraction|number|many|bar|part)\b/i;
const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34];

function texts(inst: ReturnType<typeof instantiateItem>): string[] {
  const q = inst.question as unknown as Record<string, unknown>;
  const out = [String(q.prompt), ...inst.hints, ...inst.misconceptions.map((m) => m.feedback)];
  for (const c of (q.choices as { text: string }[] | undefined) ?? []) out.push(c.text);
  for (const p of (q.pairs as { prompt: string; answer: string }[] | undefined) ?? []) out.push(p.prompt, p.answer);
  return out.filter(Boolean);
}

describe('the bundled pack in Spanish', () => {
  const pack = loadBundledPack();
  const es = localizePack(pack, 'es');

  it('is offered in Spanish, and a regional tag such as es-MX uses it', () => {
    assert.deepEqual(Object.keys(pack.translations), ['es']);
    assert.equal(localizePack(pack, 'es-MX'), es);
    assert.equal(localizePack(pack, 'fr'), pack, 'a language the pack lacks keeps its own');
    assert.equal(es.title, 'Fracciones');
  });

  it('gives every item Spanish text, in every theme, with its right answer accepted and the same answer as in English', () => {
    let variants = 0;
    for (const item of pack.items) {
      for (const seed of SEEDS) {
        for (const theme of [undefined, ...pack.themes]) {
          const en = instantiateItem(pack, item.id, seed, theme ? { theme } : {});
          const sp = instantiateItem(es, item.id, seed, theme ? { theme } : {});
          for (const t of texts(sp)) assert.doesNotMatch(t, ENGLISH, `${item.id} seed ${seed} ${theme ?? ''}: "${t}"`);
          assert.notEqual(sp.question.prompt, en.question.prompt, `${item.id}: the prompt is translated`);
          assert.equal(sp.hints.length, en.hints.length, `${item.id}: as many hints`);
          const right = checkAnswer(sp, correctResponse(sp.question));
          assert.equal(right.outcome, 'correct', `${item.id} seed ${seed}: ${right.feedback}`);
          if (sp.question.type !== 'text' && sp.question.type !== 'matching' && sp.question.type !== 'choice')
            assert.deepEqual(correctResponse(sp.question), correctResponse(en.question), `${item.id}: same numbers`);
          variants++;
        }
      }
    }
    assert.ok(variants > 1000, `${variants} variants`);
  });

  it('translates every skill (title, description, worked example) and every misconception', () => {
    for (const s of es.skills) {
      for (const t of [s.title, s.description, ...(s.workedExample ? [s.workedExample.problem, ...s.workedExample.steps] : [])])
        assert.doesNotMatch(t, ENGLISH, `${s.id}: "${t}"`);
    }
    for (const [id, m] of Object.entries(es.misconceptions)) assert.doesNotMatch(m.feedback, ENGLISH, `${id}: "${m.feedback}"`);
  });

  it('checks a Spanish word answer and names the misconception in Spanish', () => {
    const inst = instantiateItem(es, 'meaning-denominator-word', 1);
    assert.equal(checkAnswer(inst, 'denominador').outcome, 'correct');
    assert.equal(checkAnswer(inst, 'denominator').outcome, 'incorrect', 'the Spanish item wants the Spanish word');
    assert.match(checkAnswer(inst, 'numerador').feedback, /El numerador es el número de ARRIBA/);
  });
});

describe('translation validation', () => {
  const base = () => ({
    id: 't',
    title: 'T',
    subject: 'Maths',
    gradeBand: '3-6',
    language: 'en',
    licence: 'CC0',
    version: '1.0.0',
    itemClasses: { c: { guess: 0.1, slip: 0.1 } },
    misconceptions: {
      swap: { title: 'Swapped', feedback: 'Top and bottom are swapped.' },
      'not-fully-simplified': { title: 'Stopped early', feedback: 'Keep dividing.' },
    },
    skills: [{ id: 's', title: 'Halves', description: 'One of two equal parts.' }],
    items: [
      { id: 'fixed', skills: ['s'], class: 'c', type: 'fraction', prompt: 'What is half?', answer: '1/2', hints: ['Two equal parts.'] },
      { id: 'gen', skills: ['s'], class: 'c', generator: { name: 'simplify' } },
    ],
  });
  const problems = (raw: unknown): string[] => {
    try {
      loadPack(raw as object);
      return [];
    } catch (e) {
      assert.ok(e instanceof ContentValidationError);
      return e.problems.map((p) => `${p.path}: ${p.message}`);
    }
  };
  const phrases = {
    'simplify.prompt': 'Escribe {{big}} en su forma más simple.',
    'simplify.hint1': 'Busca un número que divida arriba y abajo.',
    'simplify.hint2': '{{k}} divide a {{bigNum}} y a {{bigDen}}.',
    'simplify.hint3': '{{bigNum}} ÷ {{k}} = {{num}}.',
  };
  const complete = {
    skills: { s: { title: 'Medios', description: 'Una de dos partes iguales.' } },
    misconceptions: {
      swap: { title: 'Al revés', feedback: 'Arriba y abajo están al revés.' },
      'not-fully-simplified': { title: 'Paró antes', feedback: 'Sigue dividiendo.' },
    },
    items: { fixed: { prompt: '¿Cuánto es un medio?', hints: ['Dos partes iguales.'] } },
    phrases,
  };

  it('accepts a complete translation and serves it', () => {
    const pack = loadPack({ ...base(), translations: { es: complete } });
    const inst = instantiateItem(localizePack(pack, 'es'), 'gen', 4);
    assert.match(inst.question.prompt, /^Escribe \d+\/\d+ en su forma más simple\.$/);
  });

  it('names every missing or malformed piece with its path', () => {
    const { 'simplify.hint3': _gone, ...fewer } = phrases;
    const found = problems({
      ...base(),
      translations: {
        es: {
          ...complete,
          skills: {},
          items: { fixed: { prompt: '¿Cuánto es un medio?', hints: ['uno', 'dos'], answer: 'un medio', form: 'simplest' } },
          phrases: { ...fewer, 'simplify.hint2': '{{k}} divide a {{otro}}.' },
        },
      },
    });
    const has = (re: RegExp) =>
      assert.ok(
        found.some((p) => re.test(p)),
        `expected ${re} in:\n${found.join('\n')}`,
      );
    has(/^translations\.es\.skills\.s: no es title/);
    has(/^translations\.es\.items\.fixed\.hints: must be a list of 1/);
    has(/^translations\.es\.items\.fixed\.form: "form" is not text/);
    has(/^translations\.es\.phrases\.simplify\.hint3: no text in this language/);
    has(/^translations\.es\.phrases\.simplify\.hint2: uses \{\{otro\}\}/);
    has(/^translations\.es\.items\.fixed\.answer/); // a translated question must still be answerable
  });

  it('refuses a translation of an item the pack does not have', () => {
    const found = problems({ ...base(), translations: { es: { ...complete, items: { ...complete.items, nope: { prompt: 'x' } } } } });
    assert.ok(
      found.some((p) => p.startsWith('translations.es.items.nope: the pack has no item')),
      found.join('\n'),
    );
  });
});
