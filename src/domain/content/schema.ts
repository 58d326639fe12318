/**
 * The content pack format, as zod schemas. These are the single source of truth: the TypeScript
 * types, the validator and the published JSON Schema (docs/content-pack.schema.json) all come
 * from here. Objects are strict so a misspelt key is reported instead of silently ignored.
 */
import { z } from 'zod/v4';
import { itemTypes } from './itemTypes/index.ts';

export const ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'ids use letters, digits, "-", "_" and "." only');
const text = z.string().min(1, 'must not be empty');

export const workedExampleSchema = z
  .object({
    problem: text,
    steps: z.array(text).min(1),
    answer: text,
  })
  .strict();

export const resourceSchema = z
  .object({
    kind: z.enum(['video', 'article', 'simulation']),
    title: text,
    url: z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
    minutes: z.number().positive().describe('approximate time needed, in minutes'),
    provider: z.string().optional(),
  })
  .strict();

export const bktSchema = z
  .object({
    prior: z.number().min(0).max(1),
    learn: z.number().min(0).max(1),
    guess: z.number().min(0).max(0.5),
    slip: z.number().min(0).max(0.5),
    forget: z.number().min(0).max(1).optional(),
  })
  .strict();

export const skillSchema = z
  .object({
    id: ID,
    title: text,
    description: text,
    prerequisites: z.array(ID).default([]),
    parent: ID.optional().describe('hierarchy only (e.g. imported categories); not a prerequisite'),
    grade: z.union([z.number(), z.string()]).optional(),
    bkt: bktSchema.partial().optional(),
    workedExample: workedExampleSchema.optional(),
    resources: z.array(resourceSchema).default([]),
  })
  .strict();

/** Question schemas come from the item type registry (one folder per type under itemTypes/). */
export { questionSchema, questionSchemas } from './itemTypes/index.ts';

export const misconceptionRefSchema = z
  .object({
    id: ID,
    responses: z.array(z.union([z.string(), z.number(), z.boolean()])).default([]),
    feedback: z.string().optional().describe('overrides the pack-level feedback for this item'),
  })
  .strict();

export const itemBase = {
  id: ID,
  skills: z.array(ID).min(1),
  class: ID.describe('item class: guess/slip are shared per class'),
  difficulty: z.number().min(-3).max(3).optional().describe('-3 easy .. 3 hard, 0 typical'),
  hints: z.array(text).default([]).describe('ordered: each reveals more'),
  workedExample: workedExampleSchema.optional(),
  feedback: z
    .object({ correct: z.string().optional(), incorrect: z.string().optional(), general: z.string().optional() })
    .strict()
    .optional(),
  misconceptions: z.array(misconceptionRefSchema).default([]),
  theme: z.string().optional(),
  tags: z.array(z.string()).optional(),
};

export const generatorSpec = z.object({ name: ID, params: z.record(z.string(), z.unknown()).optional() }).strict();
const templateParam = z.union([
  z.object({ min: z.number().int(), max: z.number().int(), step: z.number().int().positive().optional() }).strict(),
  z.object({ choices: z.array(z.union([z.string(), z.number()])).min(1) }).strict(),
]);
export const templateSpec = z
  .object({
    params: z.record(z.string().regex(/^[A-Za-z]\w*$/), templateParam),
    let: z
      .record(z.string().regex(/^[A-Za-z]\w*$/), z.string())
      .optional()
      .describe('derived values: expressions over params'),
    where: z.array(z.string()).optional().describe('constraints: each expression must be non-zero'),
    question: z.record(z.string(), z.unknown()).describe('a question whose strings may contain {{expr}}'),
    hints: z.array(z.string()).optional(),
  })
  .strict();

/** A fixed item: any registered question type plus the item fields. */
export const fixedItemSchema = z.discriminatedUnion(
  'type',
  itemTypes.map((t) => (t.schema as z.ZodObject).extend(itemBase).strict()) as unknown as [z.ZodObject, ...z.ZodObject[]],
);
export const generatedItemSchema = z.object({ ...itemBase, generator: generatorSpec }).strict();
export const templateItemSchema = z.object({ ...itemBase, template: templateSpec }).strict();
export const itemSchema = z.union([fixedItemSchema, generatedItemSchema, templateItemSchema]);

export const itemClassSchema = z
  .object({
    title: z.string().optional(),
    guess: z.number().min(0).max(0.5),
    slip: z.number().min(0).max(0.5),
  })
  .strict();

export const misconceptionSchema = z.object({ title: text, feedback: text }).strict();

export const packMetaSchema = z.object({
  format: z.literal('pathwise-pack/1').optional(),
  id: ID,
  title: text,
  subject: text,
  gradeBand: text.describe('e.g. "3-6"'),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en" or "en-GB"'),
  licence: text,
  version: z.string().regex(/^\d+\.\d+\.\d+([-+].*)?$/, 'semantic version such as 1.0.0'),
  description: z.string().optional(),
  themes: z.array(ID).optional().describe('word-problem themes students can choose'),
  defaults: z.object({ bkt: bktSchema.optional() }).strict().optional(),
  itemClasses: z.record(ID, itemClassSchema),
  misconceptions: z.record(ID, misconceptionSchema).default({}),
});

const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en" or "en-GB"');

/**
 * The pack's text in one more language. Skills and misconceptions name their fields; an item's
 * entry has the same shape as the item (only its text: prompt, choices, pairs, hints, answers
 * typed as words, feedback, template strings with {{expr}}); generators' text is looked up by
 * key in `phrases` ({{name}} is filled in). Numbers, ids and answers such as 3/4 stay as they are.
 */
export const translationSchema = z
  .object({
    title: text.optional(),
    description: text.optional(),
    skills: z.record(ID, z.object({ title: text, description: text, workedExample: workedExampleSchema.optional() }).strict()).default({}),
    misconceptions: z.record(ID, z.object({ title: text, feedback: text }).strict()).default({}),
    items: z
      .record(ID, z.record(z.string(), z.unknown()))
      .default({})
      .describe("each item's text fields in this language, with the same shape as the item"),
    phrases: z
      .record(z.string().regex(/^[a-z][\w.-]*$/, 'phrase keys use lower-case letters, digits, ".", "-" and "_"'), text)
      .default({})
      .describe('text of the code generators, by key; {{name}} is replaced by the value the generator gives'),
  })
  .strict();

export const packSchema = packMetaSchema
  .extend({
    $schema: z.string().optional(),
    skills: z.array(skillSchema).min(1),
    items: z.array(itemSchema),
    translations: z
      .record(languageTag, translationSchema)
      .optional()
      .describe('the same pack in other languages, by language tag (e.g. "es"); every text must be there'),
  })
  .strict();
