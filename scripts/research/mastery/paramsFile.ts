/**
 * Reading --init and --params JSON: either one parameter object for every skill or an object keyed
 * by skill name (the `fit` output). Validated with zod so a bad file is an exit-2 error, not NaN.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { InitParams } from '../../../src/domain/mastery/types.ts';
import { UsageError } from '../../../src/cli/usage.ts';

const prob = z.number().min(0).max(1);
const probs = z.union([prob, z.array(prob).min(1)]);
const paramsSchema = z.object({
  prior: prob,
  learns: probs,
  forgets: probs.optional(),
  guesses: probs,
  slips: probs,
  classes: z.object({ gs: z.array(z.string()).optional(), learn: z.array(z.string()).optional() }).optional(),
  logLikelihood: z.union([z.number(), z.null()]).optional(),
  iterations: z.number().optional(),
});
const fileSchema = z.union([paramsSchema, z.record(paramsSchema)]);

export type ParamsFile = InitParams | Record<string, InitParams>;

/** Parse and validate a parameter file. */
export async function readParamsFile(path: string, flag: string): Promise<ParamsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${flag} ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${flag} ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const r = fileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new UsageError(
      `${flag} ${path}: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid'} (expected {prior, learns, guesses, slips[, forgets, classes]} or such objects keyed by skill)`,
    );
  }
  return r.data as ParamsFile;
}

/** The parameter object that applies to `skill`, or undefined. */
export function paramsForSkill(file: ParamsFile, skill: string): InitParams | undefined {
  return typeof (file as InitParams).prior === 'number' ? (file as InitParams) : (file as Record<string, InitParams>)[skill];
}
