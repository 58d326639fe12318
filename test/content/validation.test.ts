import assert from 'node:assert/strict';
import { ContentValidationError, type Pack } from '../../src/domain/content/index.ts';
import { loadPack } from '../../src/repositories/packFiles.ts';
import { findCycles } from '../../src/domain/content/dag.ts';
import { fixture } from './helpers.ts';

function basePack(): Record<string, unknown> {
  return {
    id: 'demo',
    title: 'Demo',
    subject: 'Maths',
    gradeBand: '3-4',
    language: 'en',
    licence: 'CC0',
    version: '1.0.0',
    itemClasses: { tf: { guess: 0.5, slip: 0.1 }, entry: { guess: 0.05, slip: 0.1 } },
    misconceptions: { 'add-denominators': { title: 'Adds denominators', feedback: 'Add only the numerators.' } },
    skills: [
      { id: 'frac-meaning', title: 'Meaning', description: 'What a fraction is' },
      { id: 'frac-line', title: 'Line', description: 'Number line', prerequisites: ['frac-meaning'] },
      { id: 'frac-eq', title: 'Equivalence', description: 'Equal fractions', prerequisites: ['frac-line'] },
      { id: 'frac-add', title: 'Add', description: 'Adding', prerequisites: ['frac-eq'] },
    ],
    items: [
      { id: 'q1', skills: ['frac-meaning'], class: 'tf', type: 'truefalse', prompt: '1/2 = 2/4', answer: true },
      {
        id: 'q2',
        skills: ['frac-add'],
        class: 'entry',
        type: 'fraction',
        prompt: '1/2 + 1/3',
        answer: '5/6',
        misconceptions: [{ id: 'add-denominators', responses: ['2/5'] }],
      },
    ],
  };
}

function problemsOf(raw: unknown): { path: string; message: string }[] {
  try {
    loadPack(raw as object);
  } catch (e) {
    assert.ok(e instanceof ContentValidationError, 'throws ContentValidationError');
    return e.problems;
  }
  assert.fail('expected the pack to be rejected');
}

describe('content pack validation', () => {
  it('accepts a small well-formed pack and fills in defaults', () => {
    const pack: Pack = loadPack(basePack());
    assert.equal(pack.skills.length, 4);
    assert.deepEqual(pack.skills[0]?.prerequisites, []);
    assert.equal(pack.defaults.bkt.prior, 0.2);
  });

  it('reports an unknown prerequisite with its exact path', () => {
    const raw = basePack();
    (raw.skills as { prerequisites?: string[] }[])[3]!.prerequisites = ['frac-eqv'];
    assert.deepEqual(problemsOf(raw), [{ path: 'skills[3].prerequisites[0]', message: 'unknown skill "frac-eqv"' }]);
  });

  it('lists every problem at once instead of stopping at the first', () => {
    const raw = basePack();
    raw.version = 'one';
    (raw.skills as Record<string, unknown>[])[1]!.title = '';
    (raw.items as Record<string, unknown>[]).push({
      id: 'q3',
      skills: ['nope'],
      class: 'mystery',
      type: 'fraction',
      prompt: 'x',
      answer: '1/0',
    });
    (raw.items as Record<string, unknown>[]).push({ id: 'q4', skills: ['frac-add'], class: 'tf', type: 'essay', prompt: 'x' });
    (raw.items as Record<string, unknown>[]).push({
      id: 'q1',
      skills: ['frac-add'],
      class: 'tf',
      type: 'truefalse',
      prompt: 'x',
      answer: true,
      colour: 'red',
    });
    const paths = problemsOf(raw).map((p) => `${p.path}: ${p.message}`);
    assert.ok(
      paths.some((p) => p.startsWith('version: semantic version')),
      paths.join('\n'),
    );
    assert.ok(paths.some((p) => p.startsWith('skills[1].title:')));
    assert.ok(paths.includes('items[2].skills[0]: unknown skill "nope"'));
    assert.ok(paths.some((p) => p.startsWith('items[2].class: unknown item class "mystery"')));
    assert.ok(paths.some((p) => p.startsWith('items[2].answer: "1/0" is not a valid fraction')));
    assert.ok(paths.some((p) => p.startsWith('items[3].type: unknown item type "essay"')));
    assert.ok(
      paths.some((p) => p.startsWith('items[4]') && p.includes('colour')),
      'misspelt keys are reported',
    );
  });

  it('reports duplicate ids, unanswerable choices and bad partial credit', () => {
    const raw = basePack();
    (raw.items as Record<string, unknown>[]).push(
      { id: 'q1', skills: ['frac-meaning'], class: 'tf', type: 'truefalse', prompt: 'again', answer: false },
      { id: 'c1', skills: ['frac-meaning'], class: 'tf', type: 'choice', prompt: 'pick', choices: [{ text: 'a' }, { text: 'b' }] },
      {
        id: 'c2',
        skills: ['frac-meaning'],
        class: 'tf',
        type: 'choice',
        prompt: 'pick',
        multiple: true,
        choices: [
          { text: 'a', score: 0.5 },
          { text: 'b', score: 0.3 },
        ],
      },
    );
    const msgs = problemsOf(raw).map((p) => `${p.path}: ${p.message}`);
    assert.ok(
      msgs.some((m) => m.startsWith('items[2].id: duplicate item id "q1"')),
      msgs.join('\n'),
    );
    assert.ok(msgs.some((m) => m.startsWith('items[3].choices: no choice gives full marks')));
    assert.ok(msgs.some((m) => m.startsWith('items[4].choices: the positive scores') && m.includes('0.8')));
  });

  it('names the cycle when prerequisites loop', () => {
    const raw = basePack();
    (raw.skills as { prerequisites?: string[] }[])[0]!.prerequisites = ['frac-add'];
    const problems = problemsOf(raw);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, 'skills[0].prerequisites');
    assert.equal(problems[0]?.message, 'prerequisite cycle: frac-meaning -> frac-add -> frac-eq -> frac-line -> frac-meaning');
  });

  it('rejects a pack file whose prerequisites form a cycle', () => {
    const problems = problemsOf(fixture('cyclic-pack.yaml'));
    assert.ok(
      problems.some((p) => p.message === 'prerequisite cycle: a -> c -> b -> a'),
      JSON.stringify(problems),
    );
  });

  it('finds every separate cycle and self-loops in a graph', () => {
    const cycles = findCycles(
      new Map([
        ['a', ['b']],
        ['b', ['a']],
        ['c', ['d']],
        ['d', ['c']],
        ['e', ['e']],
        ['f', []],
      ]),
    );
    assert.equal(cycles.length, 3);
    assert.deepEqual(cycles[2], ['e', 'e']);
  });

  it('reports a YAML syntax error with the file and line', () => {
    const problems = problemsOf(fixture('broken-yaml.yaml'));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^line \d+: invalid YAML/);
    assert.equal(problems[0]!.path, 'broken-yaml.yaml');
  });

  it('rejects an unknown generator and a generator that produces a broken question', () => {
    const raw = basePack();
    (raw.items as Record<string, unknown>[]).push(
      { id: 'g1', skills: ['frac-add'], class: 'entry', generator: { name: 'no-such-generator' } },
      { id: 'g2', skills: ['frac-add'], class: 'entry', generator: { name: 'broken' } },
    );
    let problems: { path: string; message: string }[] = [];
    try {
      loadPack(raw, { generators: { broken: () => ({ question: { type: 'fraction', prompt: 'x', answer: 'seven' }, hints: [] }) } });
    } catch (e) {
      problems = (e as ContentValidationError).problems;
    }
    assert.ok(problems.some((p) => p.path === 'items[2].generator.name' && p.message === 'unknown generator "no-such-generator"'));
    assert.ok(
      problems.some((p) => p.path.startsWith('items[3].generator(seed') && p.message.includes('"seven" is not a valid fraction')),
      JSON.stringify(problems),
    );
  });

  it('runs declarative templates with their constraints and reports bad template expressions', () => {
    const raw = basePack();
    (raw.items as Record<string, unknown>[]).push({
      id: 't1',
      skills: ['frac-add'],
      class: 'entry',
      template: {
        params: { a: { min: 1, max: 5 }, b: { min: 1, max: 5 }, d: { choices: [7, 9] } },
        where: ['a != b'],
        question: { type: 'fraction', prompt: 'Work out {{a}}/{{d}} + {{b}}/{{d}}.', answer: '{{a+b}}/{{d}}' },
        hints: ['Add {{a}} and {{b}}.'],
      },
    });
    const pack = loadPack(raw);
    assert.equal(pack.items.length, 3);
    raw.items = [
      ...(raw.items as unknown[]),
      {
        id: 't2',
        skills: ['frac-add'],
        class: 'entry',
        template: { params: { a: { min: 1, max: 2 } }, question: { type: 'numeric', prompt: 'x', answer: '{{import(a)}}' } },
      },
    ];
    assert.ok(problemsOf(raw).some((p) => p.path.startsWith('items[3].template') && p.message.includes('not allowed')));
  });

  it('refuses to load anything when one item is broken', () => {
    const raw = basePack();
    (raw.items as Record<string, unknown>[])[1]!.answer = '';
    assert.throws(() => loadPack(raw), ContentValidationError);
  });
});

describe('published JSON Schema', () => {
  it('matches the zod schema it is generated from', async () => {
    const { z } = await import('zod/v4');
    const { packSchema } = await import('../../src/domain/content/schema.ts');
    const { readFileSync } = await import('node:fs');
    const published = JSON.parse(readFileSync(new URL('../../docs/content-pack.schema.json', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    const fresh = z.toJSONSchema(packSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    assert.deepEqual(published.properties, fresh.properties, 'run: npx tsx scripts/content/jsonSchema.ts');
    assert.deepEqual(published.required, fresh.required);
  });
});
