/**
 * Algebraic expression answers: two expressions are equivalent when they agree at many random
 * points (drawn with a PRNG seeded from the variant, so a check is reproducible). This accepts
 * 3n/4, 0.75n and n*3/4 alike, without a CAS and without ever evaluating unsafe input.
 */
import { z } from 'zod/v4';
import type { CheckResult } from '../../types.ts';
import { defineItemType } from '../define.ts';
import { promptFields, text } from '../common.ts';
import { createRng, hashString } from '../../../random.ts';
import { compileSafe, evaluateSafe } from '../../safeMath.ts';
import { asText, result, type Said } from '../checkUtil.ts';
import { msg, type Message } from '../../messages.ts';

export const schema = z
  .object({
    type: z.literal('expression'),
    ...promptFields,
    answer: text,
    variables: z.array(z.string().regex(/^[A-Za-z]\w*$/)).min(1),
    domain: z.tuple([z.number(), z.number()]).optional(),
  })
  .strict();
type Expr = z.output<typeof schema>;
const POINTS = 12;
const MIN_VALID = 5;

/** True when `candidate` equals `target` as functions of `variables` on the domain. */
export function equivalent(
  target: string,
  candidate: string,
  variables: readonly string[],
  domain: [number, number] = [-10, 10],
  seedText = target,
): boolean | Message {
  const a = compileSafe(target, variables);
  const b = compileSafe(candidate, variables);
  if (!a.ok) return msg('check.cannotCheck');
  if (!b.ok) return b.message;
  const rng = createRng(Number.parseInt(hashString(seedText), 16));
  let valid = 0;
  for (let i = 0; i < POINTS * 3 && valid < POINTS; i++) {
    const scope: Record<string, number> = {};
    for (const v of variables) scope[v] = domain[0] + (domain[1] - domain[0]) * rng.next();
    const x = evaluateSafe(a.node, scope);
    if (Number.isNaN(x)) continue;
    const y = evaluateSafe(b.node, scope);
    if (Number.isNaN(y) || Math.abs(x - y) > 1e-7 * Math.max(1, Math.abs(x), Math.abs(y))) return false;
    valid++;
  }
  return valid >= MIN_VALID ? true : msg('check.exprNotEnough');
}

function checkExpression(q: Expr, response: unknown, incorrectText: Said): CheckResult {
  const t = asText(response);
  if (!t.ok) return result(0, t.message);
  const eq = equivalent(q.answer, t.text, q.variables, q.domain, q.answer);
  if (eq === true) return result(1, '');
  return result(0, eq === false ? incorrectText : eq);
}

export const expression = defineItemType<typeof schema>({
  type: 'expression',
  schema,
  partial: 'items/entry',
  rules(q, add) {
    const c = compileSafe(q.answer, q.variables);
    if (!c.ok) add('.answer', `"${q.answer}" cannot be checked: ${c.reason}`);
    if (q.domain && q.domain[0] >= q.domain[1]) add('.domain', 'the domain must be [low, high] with low < high');
  },
  check: checkExpression,
  sameAnswer(q, response, known) {
    const t = asText(response);
    return t.ok && equivalent(String(known), t.text, q.variables, q.domain) === true;
  },
  present(q) {
    return { input: 'expression', variables: [...q.variables] };
  },
  correctResponse(q) {
    return q.answer;
  },
});
