/**
 * Validation of a whole pack. Shape errors come from the zod schemas, then cross-references
 * (unknown skills, classes, misconceptions), prerequisite cycles, answerability of every question
 * and dry-runs of every generator. All problems are collected with paths such as
 * `skills[3].prerequisites[0]`; a pack with any problem is rejected as a whole.
 */
import type { z } from 'zod/v4';
import { ContentValidationError } from './errors.ts';
import { findCycles } from './dag.ts';
import { createRng } from '../random.ts';
import { rawVariant } from './instantiate.ts';
import { questionProblems } from './questionRules.ts';
import * as S from './schema.ts';
import type { GeneratorRegistry, Item, Pack, Problem, Question, SkillSpec, Translation } from './types.ts';
import { translationProblems } from './validateTranslations.ts';

export const DEFAULT_BKT = Object.freeze({ prior: 0.2, learn: 0.15, guess: 0.2, slip: 0.1, forget: 0 });
const DRY_RUN_SEEDS = [1, 2, 3, 42, 1000];

/** `['skills', 3, 'prerequisites', 0]` -> `skills[3].prerequisites[0]` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(pack)';
}

function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[]): Problem[] {
  return error.issues.map((i) => ({ path: formatPath([...prefix, ...i.path]), message: i.message }));
}

function parseItem(raw: unknown, i: number, problems: Problem[]): Item | null {
  const at = ['items', i];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path: formatPath(at), message: 'an item must be an object' });
    return null;
  }
  const obj = raw as Record<string, unknown>;
  const schema =
    'generator' in obj
      ? S.generatedItemSchema
      : 'template' in obj
        ? S.templateItemSchema
        : typeof obj.type === 'string' && Object.hasOwn(S.questionSchemas, obj.type)
          ? S.fixedItemSchema
          : null;
  if (!schema) {
    const message =
      obj.type === undefined
        ? 'an item needs a "type" (or a "generator" or "template")'
        : `unknown item type "${String(obj.type)}" (expected one of ${Object.keys(S.questionSchemas).join(', ')})`;
    problems.push({ path: formatPath([...at, 'type']), message });
    return null;
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    problems.push(...zodProblems(r.error, at));
    return null;
  }
  const d = r.data as Record<string, unknown> & Omit<Item, 'kind'>;
  const common = {
    id: d.id,
    skills: d.skills,
    class: d.class,
    hints: d.hints,
    misconceptions: d.misconceptions,
    ...(d.difficulty !== undefined ? { difficulty: d.difficulty } : {}),
    ...(d.workedExample ? { workedExample: d.workedExample } : {}),
    ...(d.feedback ? { feedback: d.feedback } : {}),
    ...(d.theme ? { theme: d.theme } : {}),
    ...(d.tags ? { tags: d.tags } : {}),
  };
  if ('generator' in d) {
    const g = d.generator as { name: string; params?: Record<string, unknown> };
    return { ...common, kind: 'generated', generator: { name: g.name, params: g.params ?? {} } };
  }
  if ('template' in d) return { ...common, kind: 'template', template: d.template as Extract<Item, { kind: 'template' }>['template'] };
  const {
    id: _i,
    skills: _s,
    class: _c,
    difficulty: _d,
    hints: _h,
    workedExample: _w,
    feedback: _f,
    misconceptions: _m,
    theme: _t,
    tags: _g,
    ...question
  } = d;
  return { ...common, kind: 'fixed', question: question as unknown as Question };
}

type Indexed<T> = { value: T; index: number };

function crossChecks(pack: Pack, skillsAt: Indexed<SkillSpec>[], itemsAt: Indexed<Item>[], problems: Problem[]): void {
  const skillIds = new Map<string, number>();
  const allSkillIds = new Set(pack.skills.map((s) => s.id));
  for (const { value: s, index: i } of skillsAt) {
    if (skillIds.has(s.id))
      problems.push({ path: `skills[${i}].id`, message: `duplicate skill id "${s.id}" (also skills[${skillIds.get(s.id)}])` });
    else skillIds.set(s.id, i);
  }
  for (const { value: s, index: i } of skillsAt) {
    s.prerequisites.forEach((p, j) => {
      if (!allSkillIds.has(p)) problems.push({ path: `skills[${i}].prerequisites[${j}]`, message: `unknown skill "${p}"` });
      else if (p === s.id)
        problems.push({ path: `skills[${i}].prerequisites[${j}]`, message: `skill "${s.id}" cannot be its own prerequisite` });
    });
    if (s.parent !== undefined && !allSkillIds.has(s.parent))
      problems.push({ path: `skills[${i}].parent`, message: `unknown skill "${s.parent}"` });
  }
  const edges = new Map(pack.skills.map((s) => [s.id, s.prerequisites.filter((p) => p !== s.id)] as const));
  for (const cycle of findCycles(edges)) {
    problems.push({
      path: `skills[${skillIds.get(cycle[0] as string)}].prerequisites`,
      message: `prerequisite cycle: ${cycle.join(' -> ')}`,
    });
  }
  const parents = new Map(pack.skills.filter((s) => s.parent).map((s) => [s.id, [s.parent as string]] as const));
  for (const cycle of findCycles(parents)) {
    problems.push({ path: `skills[${skillIds.get(cycle[0] as string)}].parent`, message: `parent cycle: ${cycle.join(' -> ')}` });
  }
  const itemIds = new Map<string, number>();
  for (const { value: item, index: i } of itemsAt) {
    const at = `items[${i}]`;
    if (itemIds.has(item.id))
      problems.push({ path: `${at}.id`, message: `duplicate item id "${item.id}" (also items[${itemIds.get(item.id)}])` });
    else itemIds.set(item.id, i);
    item.skills.forEach((s, j) => {
      if (!allSkillIds.has(s)) problems.push({ path: `${at}.skills[${j}]`, message: `unknown skill "${s}"` });
    });
    if (!Object.hasOwn(pack.itemClasses, item.class))
      problems.push({ path: `${at}.class`, message: `unknown item class "${item.class}" (declare it under itemClasses)` });
    item.misconceptions.forEach((m, j) => {
      if (!m.feedback && !Object.hasOwn(pack.misconceptions, m.id))
        problems.push({ path: `${at}.misconceptions[${j}].id`, message: `unknown misconception "${m.id}" and no feedback given` });
    });
    if (item.theme && pack.themes.length && !pack.themes.includes(item.theme))
      problems.push({ path: `${at}.theme`, message: `unknown theme "${item.theme}"` });
    itemVariantChecks(pack, item, at, problems);
  }
}

function itemVariantChecks(pack: Pack, item: Item, at: string, problems: Problem[]): void {
  const choiceMisconceptions = (q: Question, path: string): void => {
    if (q.type !== 'choice') return;
    q.choices.forEach((c, j) => {
      if (c.misconception && !Object.hasOwn(pack.misconceptions, c.misconception))
        problems.push({ path: `${path}.choices[${j}].misconception`, message: `unknown misconception "${c.misconception}"` });
    });
  };
  if (item.kind === 'fixed') {
    problems.push(...questionProblems(item.question, at));
    choiceMisconceptions(item.question, at);
    return;
  }
  const where = item.kind === 'generated' ? `${at}.generator` : `${at}.template`;
  if (item.kind === 'generated' && !Object.hasOwn(pack.generators, item.generator.name)) {
    problems.push({ path: `${where}.name`, message: `unknown generator "${item.generator.name}"` });
    return;
  }
  const themes = item.kind === 'generated' && pack.themes.length ? [undefined, ...pack.themes] : [undefined];
  for (const seed of DRY_RUN_SEEDS) {
    for (const theme of themes) {
      try {
        const v = rawVariant(pack, item, createRng(seed), theme);
        const found = questionProblems(v.question, `${where}(seed ${seed})`);
        choiceMisconceptions(v.question, `${where}(seed ${seed})`);
        v.misconceptions.forEach((m) => {
          if (!m.feedback && !Object.hasOwn(pack.misconceptions, m.id))
            found.push({ path: `${where}(seed ${seed})`, message: `unknown misconception "${m.id}"` });
        });
        if (found.length) {
          problems.push(...found);
          return;
        }
      } catch (e) {
        const message =
          e && typeof e === 'object' && 'issues' in e
            ? `produced an invalid question: ${zodProblems(e as z.ZodError, [])
                .map((p) => `${p.path}: ${p.message}`)
                .join('; ')}`
            : `failed: ${(e as Error).message}`;
        problems.push({ path: `${where}(seed ${seed})`, message });
        return;
      }
    }
  }
}

function fallbackMeta(obj: Record<string, unknown>): z.output<typeof S.packMetaSchema> {
  const record = (v: unknown): Record<string, never> =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, never>) : {};
  return {
    id: '?',
    title: '?',
    subject: '?',
    gradeBand: '?',
    language: 'en',
    licence: '?',
    version: '0.0.0',
    themes: Array.isArray(obj.themes) ? obj.themes.filter((t): t is string => typeof t === 'string') : [],
    itemClasses: record(obj.itemClasses),
    misconceptions: record(obj.misconceptions),
  };
}

/** Validates raw pack data (parsed JSON/YAML) and returns a Pack, or throws ContentValidationError. */
export function validatePack(raw: unknown, generators: GeneratorRegistry = {}): Pack {
  const problems: Problem[] = [];
  const meta = S.packMetaSchema.loose().safeParse(raw);
  if (!meta.success) problems.push(...zodProblems(meta.error, []).filter((p) => !/^(skills|items)\b/.test(p.path)));
  const obj = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const allowed = new Set([...Object.keys(S.packSchema.shape)]);
  for (const k of Object.keys(obj)) if (!allowed.has(k)) problems.push({ path: k, message: `unknown key "${k}"` });
  const rawSkills = Array.isArray(obj.skills) ? obj.skills : null;
  const rawItems = Array.isArray(obj.items) ? obj.items : null;
  if (!rawSkills || rawSkills.length === 0) problems.push({ path: 'skills', message: 'a pack needs a non-empty list of skills' });
  if (!rawItems) problems.push({ path: 'items', message: 'a pack needs a list of items' });
  const skillsAt: Indexed<SkillSpec>[] = [];
  (rawSkills ?? []).forEach((s, i) => {
    const r = S.skillSchema.safeParse(s);
    if (r.success) skillsAt.push({ value: r.data, index: i });
    else problems.push(...zodProblems(r.error, ['skills', i]));
  });
  const itemsAt: Indexed<Item>[] = [];
  (rawItems ?? []).forEach((it, i) => {
    const item = parseItem(it, i, problems);
    if (item) itemsAt.push({ value: item, index: i });
  });
  const m = meta.success ? meta.data : fallbackMeta(obj);
  const tr = S.packSchema.shape.translations.safeParse(obj.translations);
  if (!tr.success) problems.push(...zodProblems(tr.error, ['translations']));
  const rawSkillIds = (rawSkills ?? []).map((s) => (s && typeof s === 'object' ? (s as { id?: unknown }).id : undefined));
  const pack: Pack = {
    id: m.id,
    title: m.title,
    subject: m.subject,
    gradeBand: m.gradeBand,
    language: m.language,
    licence: m.licence,
    version: m.version,
    ...(m.description ? { description: m.description } : {}),
    themes: m.themes ?? [],
    translations: (tr.success ? tr.data : undefined) ?? ({} as Record<string, Translation>),
    defaults: { bkt: { ...DEFAULT_BKT, ...(m.defaults?.bkt ?? {}) } },
    itemClasses: m.itemClasses,
    misconceptions: m.misconceptions,
    skills: skillsAt.map((s) => s.value),
    items: itemsAt.map((i) => i.value),
    generators,
  };
  // Skills that failed their own shape check still count as known for references, so one typo
  // is reported once rather than once per item that mentions the skill.
  const known = {
    ...pack,
    skills: [
      ...pack.skills,
      ...rawSkillIds
        .filter((id): id is string => typeof id === 'string' && !pack.skills.some((s) => s.id === id))
        .map((id) => ({ id, title: id, description: id, prerequisites: [], resources: [] })),
    ],
  };
  crossChecks(known, skillsAt, itemsAt, problems);
  // Translations are checked against a pack that is otherwise sound (so each problem is said once).
  if (!problems.length) problems.push(...translationProblems(pack));
  if (problems.length) throw new ContentValidationError(problems);
  return pack;
}
