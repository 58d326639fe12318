/**
 * Pathwise content layer: packs of skills and items, variants, answer checking. Pure: packs are
 * read from disk by src/repositories/packFiles.ts and validated here (buildPack).
 *
 * Usage:
 *   import { loadBundledPack } from '../repositories/packFiles.ts';
 *   import { listSkills, itemsForSkill, instantiateItem, presentItem, checkAnswer, hintsFor } from '../domain/content/index.ts';
 *   const pack = loadBundledPack();
 *   const skill = listSkills(pack)[0];                       // { id, title, prerequisites, bkt, itemClasses, ... }
 *   const item = itemsForSkill(pack, skill.id)[0];
 *   const inst = instantiateItem(pack, item.id, 1234, { theme: 'space' }); // same seed, same variant
 *   const es = instantiateItem(localizePack(pack, 'es'), item.id, 1234);    // the same variant in Spanish
 *   res.json(presentItem(inst, words));                      // safe for the browser: no answers (words: catalog renderer)
 *   const r = checkAnswer(inst, req.body.answer);            // { outcome, score, misconception?, feedback, message? }
 *   const hints = hintsFor(inst, 2);                         // first two hints
 * Store `inst` (it is plain JSON) or (itemId, seed, theme) to re-create it when the answer arrives.
 */
import { ContentNotFoundError } from './errors.ts';
import { buildInstance } from './instantiate.ts';
import { fractionsGenerators } from './packs/fractions/generators/index.ts';
import type { BktParams, GeneratorRegistry, Item, ItemInstance, Pack, Resource, WorkedExample } from './types.ts';
import { validatePack } from './validate.ts';

export { checkAnswer } from './checkAnswer.ts';
export { localizePack, packLanguages } from './localize.ts';
export { presentItem, sanitise } from './present.ts';
export { correctResponse, itemTypes, responseFromForm } from './itemTypes/index.ts';
export { drawFigure } from './figures/draw.ts';
export { MESSAGES, msg, isMessage, type Message, type MessageKey, type Words } from './messages.ts';
export { ContentImportError, ContentNotFoundError, ContentValidationError } from './errors.ts';
export { createRng } from '../random.ts';
export type {
  BktParams,
  CheckResult,
  GeneratorRegistry,
  InputKind,
  Item,
  ItemGenerator,
  ItemInstance,
  Pack,
  Problem,
  PublicItem,
  Question,
  Resource,
  Say,
  Translation,
  WorkedExample,
} from './types.ts';

export interface SkillInfo {
  id: string;
  title: string;
  description: string;
  prerequisites: string[];
  parent?: string;
  grade?: number | string;
  bkt: BktParams;
  /** Item classes used by this skill's items, with their guess/slip. */
  itemClasses: { id: string; guess: number; slip: number }[];
}

export interface ItemSummary {
  id: string;
  skills: string[];
  class: string;
  difficulty: number;
  kind: Item['kind'];
  type?: string;
  theme?: string;
}

/**
 * Validates already-parsed pack data into a Pack. Throws ContentValidationError listing every
 * problem; never returns a half-valid pack. Packs may use the generators shipped with Pathwise
 * (the fractions ones) unless `generators` replaces them.
 */
export function buildPack(raw: unknown, options: { generators?: GeneratorRegistry } = {}): Pack {
  return validatePack(raw, options.generators ?? fractionsGenerators);
}

interface PackIndex {
  items: Map<string, Item>;
  bySkill: Map<string, Item[]>;
}
const indexes = new WeakMap<Pack, PackIndex>();
function indexOf(pack: Pack): PackIndex {
  let idx = indexes.get(pack);
  if (!idx) {
    const bySkill = new Map<string, Item[]>();
    for (const item of pack.items) for (const s of item.skills) bySkill.set(s, [...(bySkill.get(s) ?? []), item]);
    idx = { items: new Map(pack.items.map((i) => [i.id, i])), bySkill };
    indexes.set(pack, idx);
  }
  return idx;
}

function skillOf(pack: Pack, skillId: string): Pack['skills'][number] {
  const s = pack.skills.find((x) => x.id === skillId);
  if (!s) throw new ContentNotFoundError('skill', skillId);
  return s;
}

/** Skills with BKT defaults resolved (pack defaults, then the skill's own overrides). */
export function listSkills(pack: Pack): SkillInfo[] {
  return pack.skills.map((s) => {
    const classes = [...new Set((indexOf(pack).bySkill.get(s.id) ?? []).map((i) => i.class))];
    return {
      id: s.id,
      title: s.title,
      description: s.description,
      prerequisites: [...s.prerequisites],
      ...(s.parent ? { parent: s.parent } : {}),
      ...(s.grade !== undefined ? { grade: s.grade } : {}),
      bkt: { ...pack.defaults.bkt, ...(s.bkt ?? {}) },
      itemClasses: classes.map((id) => ({ id, guess: pack.itemClasses[id]?.guess ?? 0.2, slip: pack.itemClasses[id]?.slip ?? 0.1 })),
    };
  });
}

/** Items practising a skill, in pack order (the policy chooses among them). */
export function itemsForSkill(pack: Pack, skillId: string): ItemSummary[] {
  skillOf(pack, skillId);
  return (indexOf(pack).bySkill.get(skillId) ?? []).map((i) => ({
    id: i.id,
    skills: [...i.skills],
    class: i.class,
    difficulty: i.difficulty ?? 0,
    kind: i.kind,
    ...(i.kind === 'fixed' ? { type: i.question.type } : {}),
    ...(i.theme ? { theme: i.theme } : {}),
  }));
}

/** Whether the pack still holds this item (a teacher can remove a question a student has on screen). */
export function hasItem(pack: Pack, itemId: string): boolean {
  return indexOf(pack).items.has(itemId);
}

/** A concrete variant: generators resolved, same (item, seed, theme) gives the same variant. */
export function instantiateItem(pack: Pack, itemId: string, seed: number, options: { theme?: string } = {}): ItemInstance {
  const item = indexOf(pack).items.get(itemId);
  if (!item) throw new ContentNotFoundError('item', itemId);
  const theme = options.theme && pack.themes.includes(options.theme) ? options.theme : undefined;
  return buildInstance(pack, item, seed, theme);
}

/** The first `upTo` hints, each revealing more than the last. */
export function hintsFor(instance: ItemInstance, upTo: number): string[] {
  return instance.hints.slice(0, Math.max(0, Math.floor(Number.isFinite(upTo) ? upTo : 0)));
}

/** The skill's worked example, shown after repeated errors or on request. */
export function workedExample(pack: Pack, skillId: string): WorkedExample | undefined {
  return skillOf(pack, skillId).workedExample;
}

/** Videos, articles and simulations that teach the skill. */
export function resourcesFor(pack: Pack, skillId: string): Resource[] {
  return skillOf(pack, skillId).resources;
}
