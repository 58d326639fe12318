/**
 * The contract every item type fulfils. One folder per type under `itemTypes/<type>/` holds its
 * pack schema (zod), how a variant is made concrete, how answers are checked and compared with
 * known misconceptions, what the student's browser may see, and the ejs partial that renders it
 * (`views/items/<partial>.ejs`). Adding a type is a new folder plus one line in `index.ts`.
 * Everything here is pure: no I/O.
 */
import type { z } from 'zod/v4';
import type { Rng } from '../../random.ts';
import type { CheckResult, InputKind, PublicItem } from '../types.ts';
import type { Said } from './checkUtil.ts';

/** A misconception's recorded response. */
export type Known = string | number | boolean;

/** What a type adds to the browser-safe item (never answers or scores). */
export type Presented = { input: InputKind } & Partial<
  Omit<PublicItem, 'itemId' | 'variantId' | 'skills' | 'theme' | 'prompt' | 'hintCount' | 'view' | 'input'>
>;

/**
 * One item type. Methods (not function properties) on purpose: TypeScript checks method
 * parameters bivariantly, which lets the registry hold every type under one interface.
 */
export interface ItemType<
  S extends z.ZodObject,
  I extends { type: string; prompt: string } = z.output<S> & { type: string; prompt: string },
  Q = z.output<S>,
> {
  readonly type: string;
  /** The question as written in a pack (strict zod object with a `type` literal and the prompt fields). */
  readonly schema: S;
  /** Name of the ejs partial under views/, e.g. `items/choice`. */
  readonly partial: string;
  /** Answerability rules beyond shape; `add(subPath, message)` reports a problem. */
  rules(q: Q, add: (sub: string, message: string) => void): void;
  /** The stored, checkable form of one variant (shuffles, opaque ids). Identity if absent. */
  concrete?(q: Q, rng: Rng): I;
  check(q: I, response: unknown, incorrectText: Said): CheckResult;
  /** Whether `response` is the same answer as a misconception's recorded response. */
  sameAnswer(q: I, response: unknown, known: Known): boolean;
  /** A misconception the response itself names (e.g. a tagged choice), before response matching. */
  taggedMisconception?(q: I, response: unknown): string | undefined;
  present(q: I): Presented;
  /** Builds the checker's response from the posted form fields (default: the `response` field). */
  fromForm?(fields: Record<string, unknown>): unknown;
  /** The correct answer as a response, so tests and dry-runs can prove every variant is answerable. */
  correctResponse(q: I): unknown;
}

/** Identity helper that keeps each type's own question types while checking the contract. */
export function defineItemType<
  S extends z.ZodObject,
  I extends { type: string; prompt: string } = z.output<S> & { type: string; prompt: string },
>(t: ItemType<S, I>): ItemType<S, I> {
  return t;
}
