/**
 * Figures: the pictures children of this age learn fractions from (fraction bars, area models as
 * circles and grids, number lines with marks). A pack describes them by numbers only; `draw.ts`
 * turns them into SVG shapes and a text alternative, so content never carries markup.
 */
import { z } from 'zod/v4';

const parts = z.number().int().min(1).max(24);
const shaded = z.number().int().min(0).max(96);
const fractionText = z.string().regex(/^-?\d+(\s+\d+)?(\/\d+)?$/, 'a number or fraction such as "3/4" or "1 1/2"');

export const barFigure = z.object({ kind: z.literal('bar'), parts, shaded, label: z.string().max(40).optional() }).strict();
export const circleFigure = z.object({ kind: z.literal('circle'), parts, shaded, label: z.string().max(40).optional() }).strict();
export const gridFigure = z
  .object({
    kind: z.literal('grid'),
    rows: z.number().int().min(1).max(10),
    cols: z.number().int().min(1).max(10),
    shaded,
    label: z.string().max(40).optional(),
  })
  .strict();
export const numberLineFigure = z
  .object({
    kind: z.literal('numberline'),
    min: z.number().int().min(0).max(10),
    max: z.number().int().min(1).max(10),
    divisions: parts.describe('equal steps between two whole numbers'),
    marks: z
      .array(z.object({ at: fractionText, label: z.string().max(12).optional() }).strict())
      .max(6)
      .default([]),
    labelAll: z.boolean().optional().describe('label every step, not only whole numbers'),
  })
  .strict();

export const singleFigure = z.discriminatedUnion('kind', [barFigure, circleFigure, gridFigure, numberLineFigure]);
export const figureSchema = z.union([singleFigure, z.array(singleFigure).min(1).max(4)]);

export type SingleFigure = z.output<typeof singleFigure>;
export type Figure = z.output<typeof figureSchema>;
