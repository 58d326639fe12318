/**
 * Figures to SVG shapes plus a sentence describing them, so a screen-reader user gets the same
 * information as a sighted one. Shaded parts differ from unshaded ones in lightness and carry a
 * pattern class, so colour is never the only signal. Pure: the sentence is a catalog key that
 * `words` renders in the student's language; the ejs partial only prints shapes.
 */
import { parseRational } from '../rational.ts';
import type { Figure, SingleFigure } from './schema.ts';
import { msg, type Words } from '../messages.ts';

export interface Shape {
  tag: 'rect' | 'path' | 'line' | 'circle' | 'text';
  attrs: Record<string, string | number>;
  text?: string;
}
export interface Drawing {
  kind: SingleFigure['kind'];
  width: number;
  height: number;
  shapes: Shape[];
  alt: string;
}
const W = 320;

const part = (shadedPart: boolean, attrs: Record<string, string | number>, tag: Shape['tag'] = 'rect'): Shape => ({
  tag,
  attrs: { ...attrs, class: shadedPart ? 'fig-on' : 'fig-off' },
});

function bars(f: Extract<SingleFigure, { kind: 'bar' }>, words: Words): Drawing {
  const count = Math.max(1, Math.ceil(f.shaded / f.parts));
  const w = (W - 20) / f.parts;
  const shapes: Shape[] = [];
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < f.parts; i++)
      shapes.push(part(b * f.parts + i < f.shaded, { x: 10 + i * w, y: 10 + b * 50, width: w, height: 40 }));
  }
  return {
    kind: 'bar',
    width: W,
    height: 20 + count * 50 - 10,
    shapes,
    alt: words(msg('figure.bar', { count, parts: f.parts, shaded: f.shaded })),
  };
}

function circles(f: Extract<SingleFigure, { kind: 'circle' }>, words: Words): Drawing {
  const count = Math.max(1, Math.ceil(f.shaded / f.parts));
  const r = 50;
  const shapes: Shape[] = [];
  for (let c = 0; c < count; c++) {
    const cx = 60 + c * 120;
    const cy = 60;
    if (f.parts === 1) {
      shapes.push(part(c * f.parts < f.shaded, { cx, cy, r }, 'circle'));
      continue;
    }
    for (let i = 0; i < f.parts; i++) {
      const a0 = (2 * Math.PI * i) / f.parts - Math.PI / 2;
      const a1 = (2 * Math.PI * (i + 1)) / f.parts - Math.PI / 2;
      const p = (a: number) => `${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`;
      const large = a1 - a0 > Math.PI ? 1 : 0;
      shapes.push(part(c * f.parts + i < f.shaded, { d: `M ${cx} ${cy} L ${p(a0)} A ${r} ${r} 0 ${large} 1 ${p(a1)} Z` }, 'path'));
    }
  }
  return {
    kind: 'circle',
    width: Math.max(W, count * 120),
    height: 120,
    shapes,
    alt: words(msg('figure.circle', { count, parts: f.parts, shaded: f.shaded })),
  };
}

function grid(f: Extract<SingleFigure, { kind: 'grid' }>, words: Words): Drawing {
  const size = Math.min(28, (W - 20) / f.cols);
  const shapes: Shape[] = [];
  for (let r = 0; r < f.rows; r++) {
    for (let c = 0; c < f.cols; c++)
      shapes.push(part(r * f.cols + c < f.shaded, { x: 10 + c * size, y: 10 + r * size, width: size, height: size }));
  }
  return {
    kind: 'grid',
    width: W,
    height: 20 + f.rows * size,
    shapes,
    alt: words(msg('figure.grid', { total: f.rows * f.cols, rows: f.rows, cols: f.cols, shaded: Math.min(f.shaded, f.rows * f.cols) })),
  };
}

/** x position of a value on a number line drawn across the figure's width. */
export function lineX(min: number, max: number, value: number): number {
  return 20 + ((value - min) / (max - min)) * (W - 40);
}

function numberLine(f: Extract<SingleFigure, { kind: 'numberline' }>, words: Words): Drawing {
  const shapes: Shape[] = [{ tag: 'line', attrs: { x1: 10, y1: 40, x2: W - 10, y2: 40, class: 'fig-axis' } }];
  const steps = (f.max - f.min) * f.divisions;
  for (let i = 0; i <= steps; i++) {
    const whole = i % f.divisions === 0;
    const x = lineX(f.min, f.max, f.min + i / f.divisions);
    shapes.push({ tag: 'line', attrs: { x1: x, y1: whole ? 28 : 32, x2: x, y2: whole ? 52 : 48, class: 'fig-axis' } });
    if (whole || f.labelAll) {
      const n = f.min * f.divisions + i;
      const label = whole ? String(n / f.divisions) : `${n}/${f.divisions}`;
      shapes.push({ tag: 'text', attrs: { x, y: 72, 'text-anchor': 'middle', class: 'fig-label' }, text: label });
    }
  }
  const marks: string[] = [];
  for (const m of f.marks) {
    const v = parseRational(m.at);
    if (!v.ok) continue;
    const x = lineX(f.min, f.max, v.parsed.value.num / v.parsed.value.den);
    marks.push(m.label ?? m.at);
    shapes.push({ tag: 'circle', attrs: { cx: x, cy: 40, r: 7, class: 'fig-point' } });
    if (m.label) shapes.push({ tag: 'text', attrs: { x, y: 18, 'text-anchor': 'middle', class: 'fig-label' }, text: m.label });
  }
  return {
    kind: 'numberline',
    width: W,
    height: 80,
    shapes,
    alt: words(
      marks.length
        ? msg('figure.linePoints', { min: f.min, max: f.max, divisions: f.divisions, points: marks.join(', ') })
        : msg('figure.line', { min: f.min, max: f.max, divisions: f.divisions }),
    ),
  };
}

/** Every picture of a figure (one or several), ready for `views/items/_figure.ejs`. */
export function drawFigure(figure: Figure, words: Words): Drawing[] {
  return (Array.isArray(figure) ? figure : [figure]).map((f) => {
    switch (f.kind) {
      case 'bar':
        return bars(f, words);
      case 'circle':
        return circles(f, words);
      case 'grid':
        return grid(f, words);
      case 'numberline':
        return numberLine(f, words);
    }
  });
}
