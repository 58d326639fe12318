/** Pieces of the pack format shared by several item types. */
import { z } from 'zod/v4';
import { figureSchema } from '../figures/schema.ts';

export const text = z.string().min(1, 'must not be empty');
export const score = z.number().min(-1).max(1).describe('credit from -1 (penalty) to 1 (full marks)');
export const ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'ids use letters, digits, "-", "_" and "." only');

/** Every question has a prompt and may carry a figure (bar, area model, number line). */
export const promptFields = {
  prompt: text,
  promptFormat: z.enum(['text', 'html']).optional().describe('html is sanitised before display'),
  figure: figureSchema.optional().describe('a picture drawn as accessible SVG next to the prompt'),
};

/** Opaque, seed-shuffled keys ("a", "b", …) so ids sent to the browser never reveal the answer. */
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
export const key = (i: number): string => (i < 26 ? (LETTERS[i] as string) : `k${i}`);
