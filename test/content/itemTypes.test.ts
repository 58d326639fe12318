/**
 * The item type registry and the visual items: every generated variant of every item (all
 * themes, many seeds) is accepted by its own checker with the response its type says is right,
 * and every item type renders through its ejs partial with stacked fractions and described figures.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { checkAnswer, correctResponse, drawFigure, instantiateItem, itemTypes, presentItem } from '../../src/domain/content/index.ts';
import { loadBundledPack } from '../../src/repositories/packFiles.ts';
import { translator, wordsFor } from '../../src/i18n/index.ts';
import { mathSegments } from '../../src/presenters/mathText.ts';
import { typedAnswer } from '../../src/presenters/typedAnswer.ts';
import type { Figure } from '../../src/domain/content/figures/schema.ts';

const views = fileURLToPath(new URL('../../views/', import.meta.url));

describe('item types as modules', () => {
  const pack = loadBundledPack();

  it('registers each type once, each with a partial that exists', () => {
    const types = itemTypes.map((t) => t.type);
    assert.equal(new Set(types).size, types.length);
    for (const t of itemTypes) assert.ok(existsSync(`${views}${t.partial}.ejs`), `${t.type}: views/${t.partial}.ejs`);
    for (const t of ['shade', 'numberline', 'compare']) assert.ok(types.includes(t), t);
  });

  it('accepts the right answer to every variant of every bundled item, in every theme, and rejects a wrong one', () => {
    let checked = 0;
    for (const item of pack.items) {
      for (const theme of [undefined, ...pack.themes]) {
        for (let seed = 0; seed < 12; seed++) {
          const inst = instantiateItem(pack, item.id, seed, theme ? { theme } : {});
          const right = checkAnswer(inst, correctResponse(inst.question));
          assert.equal(
            right.outcome,
            'correct',
            `${item.id} seed ${seed}: ${JSON.stringify(correctResponse(inst.question))} -> ${right.feedback}`,
          );
          assert.equal(checkAnswer(inst, 'zzz').outcome, 'incorrect', `${item.id} seed ${seed}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 2000);
  });

  it('has visual items (figures or manipulables) for most skills', () => {
    const visual = new Set<string>();
    for (const item of pack.items) {
      const inst = instantiateItem(pack, item.id, 1);
      const pub = presentItem(inst, wordsFor('en'));
      if (pub.figures || ['shade', 'point', 'compare'].includes(pub.input)) inst.skills.forEach((s) => visual.add(s));
    }
    assert.ok(visual.size * 2 > pack.skills.length, `${visual.size} of ${pack.skills.length} skills`);
  });

  it('checks shading by amount (6 of 8 parts is 3/4), a number-line point by value, a comparison by sign', () => {
    const shade = instantiateItem(pack, 'visual-shade-equivalent', 3);
    assert.equal(shade.question.type, 'shade');
    if (shade.question.type !== 'shade') return;
    const parts = shade.question.parts;
    const right = correctResponse(shade.question) as string[];
    const shifted = right.map((i) => String(parts - 1 - Number(i)));
    assert.equal(checkAnswer(shade, shifted).outcome, 'correct', 'any parts count, not only the first ones');
    assert.equal(checkAnswer(shade, right.slice(1)).outcome, 'incorrect');
    assert.equal(checkAnswer(shade, ['0', '0']).outcome, 'incorrect', 'a part counts once');
    const line = instantiateItem(pack, 'visual-place-point', 5);
    if (line.question.type !== 'numberline') throw new Error('numberline expected');
    const [n, d] = line.question.answer.split('/').map(Number) as [number, number];
    assert.equal(checkAnswer(line, `${n * 2}/${d * 2}`).outcome, 'correct');
    assert.equal(checkAnswer(line, `${n + 1}/${d}`).outcome, 'incorrect');
    const cmp = instantiateItem(pack, 'visual-compare-bars', 2);
    const sign = correctResponse(cmp.question) as string;
    assert.equal(checkAnswer(cmp, sign).outcome, 'correct');
    assert.equal(checkAnswer(cmp, sign === 'lt' ? 'gt' : 'lt').outcome, 'incorrect');
  });

  it('describes every figure in words, in English and Spanish', () => {
    for (const f of [
      { kind: 'bar', parts: 4, shaded: 3 },
      { kind: 'circle', parts: 6, shaded: 7 },
      { kind: 'grid', rows: 2, cols: 4, shaded: 6 },
      { kind: 'numberline', min: 0, max: 2, divisions: 4, marks: [{ at: '5/4' }] },
    ] satisfies Figure[]) {
      const [en] = drawFigure(f, wordsFor('en'));
      const [es] = drawFigure(f, wordsFor('es'));
      assert.ok(en && es && en.shapes.length > 0);
      assert.match(en.alt, /\d/);
      assert.notEqual(en.alt, es.alt);
    }
    assert.match(drawFigure({ kind: 'circle', parts: 6, shaded: 7 }, wordsFor('en'))[0]!.alt, /^2 circles/);
    assert.match(
      drawFigure({ kind: 'bar', parts: 4, shaded: 3 }, wordsFor('es'))[0]!.alt,
      /^Una barra dividida en 4 partes iguales, 3 de ellas/,
    );
  });

  it('renders every item type through its partial: stacked fractions, described figures, no answers', async () => {
    const seen = new Set<string>();
    for (const item of pack.items) {
      const inst = instantiateItem(pack, item.id, 2);
      if (seen.has(inst.question.type) && !inst.question.figure) continue;
      seen.add(inst.question.type);
      const pub = presentItem(inst, wordsFor('es'));
      const t = translator('es');
      const html = await ejs.renderFile(`${views}student/item.ejs`, {
        step: { item: pub, hints: [], hintsLeft: 1, review: false, why: 'x' },
        skillTitle: 's',
        activity: { id: 'a' },
        token: 'tok',
        attemptId: 'att',
        t,
        math: (s: string) => mathSegments(s),
        ...typedAnswer({}),
      });
      assert.match(html, new RegExp(`data-input="${pub.input}"`));
      if (pub.figures) {
        assert.match(html, /<svg class="figure[^"]*"[^>]*role="img"[^>]*aria-label="[^"]{10,}"/, item.id);
      }
      if (/\d\/\d/.test(pub.prompt.text) && pub.prompt.format === 'text') {
        const prompt = /data-testid="prompt"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
        assert.match(prompt, /<mfrac>/, `${item.id}: fractions are stacked`);
        assert.doesNotMatch(prompt.replace(/<[^>]+>/g, ' ').replace(/aria-label="[^"]*"/g, ''), /\d\/\d/, `${item.id}: no slash text`);
      }
      assert.match(html, /Revisar mi respuesta/);
    }
    for (const t of itemTypes.map((x) => x.type))
      assert.ok(
        seen.has(t) || ['ratio', 'expression', 'numeric', 'text', 'truefalse', 'matching', 'ordering', 'choice', 'fraction'].includes(t),
        `${t} rendered`,
      );
    for (const t of ['shade', 'numberline', 'compare', 'fraction', 'choice']) assert.ok(seen.has(t), `${t} rendered`);
  });
});
