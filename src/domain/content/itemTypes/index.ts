/**
 * The item type registry: ONE line per type. Everything else (the pack schema, instantiation,
 * checking, misconception matching, what the browser sees, which partial renders it, reading the
 * posted form) is looked up here, so a new type is a folder plus a line below.
 */
import { z } from 'zod/v4';
import type { ItemType, Known, Presented } from './define.ts';
import type { Rng } from '../../random.ts';
import type { CheckResult } from '../types.ts';
import type { Said } from './checkUtil.ts';
import { choice } from './choice/index.ts';
import { truefalse } from './truefalse/index.ts';
import { numeric } from './numeric/index.ts';
import { fraction } from './fraction/index.ts';
import { ratio } from './ratio/index.ts';
import { expression } from './expression/index.ts';
import { textType } from './text/index.ts';
import { ordering } from './ordering/index.ts';
import { matching } from './matching/index.ts';
import { shade } from './shade/index.ts';
import { numberline } from './numberline/index.ts';
import { compare } from './compare/index.ts';

export const itemTypes = [
  choice,
  truefalse,
  numeric,
  fraction,
  ratio,
  expression,
  textType,
  ordering,
  matching,
  shade,
  numberline,
  compare,
] as const;

type Types = typeof itemTypes;
type SchemaOf<T> = T extends { schema: infer S } ? S : never;
type InstanceOf<T> = T extends { check(q: infer I, response: unknown, incorrectText: Said): CheckResult } ? I : never;
type MapSchemas<T extends readonly unknown[]> = { -readonly [K in keyof T]: SchemaOf<T[K]> };
type Schemas = MapSchemas<Types>;

/** Each type's question schema, keyed by its `type`. */
export const questionSchemas = Object.fromEntries(itemTypes.map((t) => [t.type, t.schema])) as Readonly<Record<string, z.ZodObject>>;
/** Any question, as written in a pack or produced by a generator. */
const schemaList = itemTypes.map((t) => t.schema) as unknown as Schemas;
export const questionSchema = z.discriminatedUnion('type', schemaList);

export type Question = z.output<typeof questionSchema>;
export type InstanceQuestion = InstanceOf<Types[number]>;

/** The registry entry as the dispatcher sees it: any question in, any instance question out. */
type Entry = ItemType<z.ZodObject, InstanceQuestion, Question>;
const byType = new Map<string, Entry>(itemTypes.map((t) => [t.type, t as unknown as Entry]));

function entry(type: string): Entry {
  const t = byType.get(type);
  if (!t) throw new Error(`unknown item type "${type}"`);
  return t;
}

export const isItemType = (type: string): boolean => byType.has(type);
export const typeRules = (q: Question, add: (sub: string, message: string) => void): void => entry(q.type).rules(q, add);
export const concreteQuestion = (q: Question, rng: Rng): InstanceQuestion => {
  const t = entry(q.type);
  return t.concrete ? t.concrete(q, rng) : (q as InstanceQuestion);
};
export const checkByType = (q: InstanceQuestion, response: unknown, incorrect: Said): CheckResult =>
  entry(q.type).check(q, response, incorrect);
export const sameAnswerByType = (q: InstanceQuestion, response: unknown, known: Known): boolean =>
  entry(q.type).sameAnswer(q, response, known);
export const taggedMisconception = (q: InstanceQuestion, response: unknown): string | undefined =>
  entry(q.type).taggedMisconception?.(q, response);
export const presentByType = (q: InstanceQuestion): Presented & { view: string } => ({
  ...entry(q.type).present(q),
  view: entry(q.type).partial,
});
export const correctResponse = (q: InstanceQuestion): unknown => entry(q.type).correctResponse(q);
/** The checker's response from posted form fields (matching posts one field per prompt). */
export const responseFromForm = (type: string, fields: Record<string, unknown>): unknown => {
  const t = byType.get(type);
  return t?.fromForm ? t.fromForm(fields) : (fields.response ?? '');
};
