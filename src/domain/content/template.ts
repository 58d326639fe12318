/**
 * Declarative item templates, for packs that ship no code: parameters are drawn from ranges or
 * lists with the seeded generator, `let` derives values, `where` rejects unsuitable draws, and
 * every "{{expr}}" in the question is replaced. A string that is exactly "{{expr}}" becomes the
 * value itself (so numeric answers stay numbers). Expressions use the safe evaluator only.
 */
import type { z } from 'zod/v4';
import type { templateSpec } from './schema.ts';
import type { Rng } from '../random.ts';
import { compileSafe, evaluateSafe } from './safeMath.ts';

type Spec = z.output<typeof templateSpec>;
type Scope = Record<string, number | string>;
const MAX_DRAWS = 200;

function evalIn(expr: string, scope: Scope): number | string {
  const trimmed = expr.trim();
  if (Object.hasOwn(scope, trimmed)) return scope[trimmed] as number | string;
  const numeric: Record<string, number> = {};
  for (const [k, v] of Object.entries(scope)) if (typeof v === 'number') numeric[k] = v;
  const c = compileSafe(trimmed, Object.keys(numeric));
  if (!c.ok) throw new Error(`cannot evaluate "{{${trimmed}}}": ${c.reason}`);
  const v = evaluateSafe(c.node, numeric);
  if (Number.isNaN(v)) throw new Error(`"{{${trimmed}}}" is not a finite number`);
  return Math.round(v * 1e9) / 1e9;
}

function fill(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{([^{}]+)\}\}$/.exec(value);
    if (whole) return evalIn(whole[1] ?? '', scope);
    return value.replace(/\{\{([^{}]+)\}\}/g, (_m, e: string) => String(evalIn(e, scope)));
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, scope)]));
  }
  return value;
}

/** Draws parameters and fills the template; throws (with a reason) if no draw satisfies `where`. */
export function renderTemplate(spec: Spec, rng: Rng): { question: unknown; hints: string[] } {
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    const scope: Scope = {};
    for (const [name, p] of Object.entries(spec.params)) {
      if ('choices' in p) scope[name] = rng.pick(p.choices);
      else {
        const step = p.step ?? 1;
        scope[name] = p.min + step * rng.int(0, Math.floor((p.max - p.min) / step));
      }
    }
    for (const [name, expr] of Object.entries(spec.let ?? {})) scope[name] = evalIn(expr, scope);
    if (
      (spec.where ?? []).every((w) => {
        const v = evalIn(w, scope);
        return v !== 0 && v !== '';
      })
    ) {
      return { question: fill(spec.question, scope), hints: (spec.hints ?? []).map((h) => String(fill(h, scope))) };
    }
  }
  throw new Error(`no parameter draw satisfied "where" after ${MAX_DRAWS} attempts`);
}
