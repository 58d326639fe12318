/** Types of the content layer, derived from the zod schemas so they never drift. */
import type { z } from 'zod/v4';
import type * as S from './schema.ts';

export type Question = z.output<typeof S.questionSchema>;
export type QuestionType = Question['type'];
export type SkillSpec = z.output<typeof S.skillSchema>;
export type WorkedExample = z.output<typeof S.workedExampleSchema>;
export type Resource = z.output<typeof S.resourceSchema>;
export type MisconceptionRef = z.output<typeof S.misconceptionRefSchema>;
export type ItemClass = z.output<typeof S.itemClassSchema>;

export interface BktParams { prior: number; learn: number; guess: number; slip: number; forget: number }

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

/** A loaded, validated pack. Build it with loadPack/loadBundledPack, never by hand. */
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
  rng: import('./prng.ts').Rng;
  params: Record<string, unknown>;
  /** Requested word-problem theme, if the student chose one. */
  theme?: string;
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

/** Questions inside an instance: choices, ordering and matching get opaque, seed-shuffled ids. */
export type InstanceQuestion =
  | Exclude<Question, { type: 'choice' | 'ordering' | 'matching' }>
  | (Omit<Extract<Question, { type: 'choice' }>, 'choices'> & {
      choices: { id: string; text: string; score: number; feedback?: string; misconception?: string }[];
    })
  | (Omit<Extract<Question, { type: 'ordering' }>, 'items'> & { items: { id: string; text: string }[]; order: string[] })
  | (Omit<Extract<Question, { type: 'matching' }>, 'pairs' | 'distractors'> & {
      pairs: { id: string; prompt: string; answer: string }[];
      options: string[];
    });

export type InputKind = 'single-choice' | 'multiple-choice' | 'true-false' | 'number' | 'fraction' | 'ratio' | 'expression' | 'text' | 'ordering' | 'matching';

/** What the browser may see: no answers, hints, scores or misconception text. */
export interface PublicItem {
  itemId: string;
  variantId: string;
  skills: string[];
  theme?: string;
  input: InputKind;
  prompt: { format: 'text' | 'html'; text: string };
  choices?: { id: string; text: string }[];
  items?: { id: string; text: string }[];
  matching?: { prompts: { id: string; text: string }[]; options: string[] };
  units?: string[];
  variables?: string[];
  hintCount: number;
}

export interface CheckResult {
  outcome: 'correct' | 'partial' | 'incorrect';
  score: number;
  misconception?: { id: string; feedback: string };
  feedback: string;
}

export interface Problem { path: string; message: string }
