/** Types of the content layer, derived from the zod schemas so they never drift. */
import type { Message } from './messages.ts';
import type { Rng } from '../random.ts';
import type { z } from 'zod/v4';
import type * as S from './schema.ts';

export type { Question, InstanceQuestion } from './itemTypes/index.ts';
import type { Question, InstanceQuestion } from './itemTypes/index.ts';
import type { Drawing } from './figures/draw.ts';
export type QuestionType = Question['type'];
export type SkillSpec = z.output<typeof S.skillSchema>;
export type WorkedExample = z.output<typeof S.workedExampleSchema>;
export type Resource = z.output<typeof S.resourceSchema>;
export type MisconceptionRef = z.output<typeof S.misconceptionRefSchema>;
export type ItemClass = z.output<typeof S.itemClassSchema>;
export type Translation = z.output<typeof S.translationSchema>;

/**
 * A generator's words in the student's language: `say(key, english, values)` gives the pack's
 * translation of `key` (or the English text), with every {{name}} replaced by `values[name]`.
 */
export type Say = (key: string, english: string, values?: Record<string, string | number>) => string;

export interface BktParams {
  prior: number;
  learn: number;
  guess: number;
  slip: number;
  forget: number;
}

interface ItemCommon {
  id: string;
  skills: string[];
  class: string;
  difficulty?: number;
  hints: string[];
  workedExample?: WorkedExample;
  feedback?: { correct?: string; incorrect?: string; general?: string };
  misconceptions: MisconceptionRef[];
  theme?: string;
  tags?: string[];
}
export type FixedItem = ItemCommon & { kind: 'fixed'; question: Question };
export type GeneratedItem = ItemCommon & { kind: 'generated'; generator: { name: string; params: Record<string, unknown> } };
export type TemplateItem = ItemCommon & { kind: 'template'; template: z.output<typeof S.templateSpec> };
export type Item = FixedItem | GeneratedItem | TemplateItem;

/** A loaded, validated pack. Build it with buildPack (or the repository's loadPack/loadBundledPack), never by hand. */
export interface Pack {
  id: string;
  title: string;
  subject: string;
  gradeBand: string;
  language: string;
  licence: string;
  version: string;
  description?: string;
  themes: string[];
  /** Text in other languages, by language tag (validated: complete for every item and skill). */
  translations: Record<string, Translation>;
  /** Generators' text in this pack's language (set on a pack localised by localizePack). */
  phrases?: Record<string, string>;
  defaults: { bkt: BktParams };
  itemClasses: Record<string, ItemClass>;
  misconceptions: Record<string, { title: string; feedback: string }>;
  skills: SkillSpec[];
  items: Item[];
  /** Code generators available to this pack (by name). */
  generators: GeneratorRegistry;
}

/** What a code generator returns for one seed. */
export interface GeneratedVariant {
  question: Question;
  hints: string[];
  solution?: string[];
  misconceptions?: MisconceptionRef[];
  theme?: string;
}
export interface GeneratorContext {
  rng: Rng;
  params: Record<string, unknown>;
  /** Requested word-problem theme, if the student chose one. */
  theme?: string;
  /** The student's language for every word the generator writes. */
  say: Say;
}
export type ItemGenerator = (ctx: GeneratorContext) => GeneratedVariant;
export type GeneratorRegistry = Readonly<Record<string, ItemGenerator>>;

/** A concrete variant of an item: JSON-safe so the app can store it and check answers later. */
export interface ItemInstance {
  itemId: string;
  variantId: string;
  seed: number;
  skills: string[];
  class: string;
  difficulty: number;
  theme?: string;
  question: InstanceQuestion;
  hints: string[];
  solution?: string[];
  misconceptions: { id: string; feedback: string; responses: (string | number | boolean)[] }[];
  feedback: { correct?: string; incorrect?: string; general?: string };
}

export type InputKind =
  | 'single-choice'
  | 'multiple-choice'
  | 'true-false'
  | 'number'
  | 'fraction'
  | 'ratio'
  | 'expression'
  | 'text'
  | 'ordering'
  | 'matching'
  | 'shade'
  | 'point'
  | 'compare';

/** What the browser may see: no answers, hints, scores or misconception text. */
export interface PublicItem {
  itemId: string;
  variantId: string;
  skills: string[];
  theme?: string;
  input: InputKind;
  /** The ejs partial that renders this item's answer area (from the item type registry). */
  view: string;
  prompt: { format: 'text' | 'html'; text: string };
  choices?: { id: string; text: string }[];
  items?: { id: string; text: string }[];
  matching?: { prompts: { id: string; text: string }[]; options: string[] };
  units?: string[];
  variables?: string[];
  hintCount: number;
  /** Pictures drawn next to the prompt, each with its text alternative. */
  figures?: Drawing[];
  shade?: { shape: 'bar' | 'grid'; parts: number; cols: number; wholes: number };
  line?: { min: number; max: number; divisions: number; steps: { value: string; whole: boolean; at: number }[] };
  compare?: { left: string; right: string };
}

export interface CheckResult {
  outcome: 'correct' | 'partial' | 'incorrect';
  score: number;
  misconception?: { id: string; feedback: string };
  /** The item's own words for this answer (in the pack's language), or ''. */
  feedback: string;
  /** The checker's own sentence when the item has none (a catalog key: rendered in the student's language). */
  message?: Message;
}

export interface Problem {
  path: string;
  message: string;
}
