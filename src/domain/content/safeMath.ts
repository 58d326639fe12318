/**
 * A deliberately small arithmetic evaluator on top of mathjs' parser. mathjs' own evaluate can
 * reach functions that import, create matrices, or run for a long time; here only a whitelist of
 * node types (numbers, variables, + - * / ^, parentheses) and pure numeric functions is allowed,
 * and we walk the tree ourselves. Used by expression answers and declarative item templates.
 *
 * mathjs is loaded on the first expression, not when this module is imported: loading it costs
 * seconds of CPU, and most processes that import the content code (the CLIs, a start-up that
 * never meets an expression) never parse one.
 */
import { createRequire } from 'node:module';
import type { MathNode, parse as mathParse } from 'mathjs';
import { msg, type Message } from './messages.ts';

let parser: ((text: string) => MathNode) | undefined;
function parse(text: string): MathNode {
  parser ??= (createRequire(import.meta.url)('mathjs') as { parse: typeof mathParse }).parse;
  return parser(text);
}

const FUNCTIONS: Record<string, (...args: number[]) => number> = {
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  exp: Math.exp,
  ln: Math.log,
  log: (x, b) => (b === undefined ? Math.log(x) : Math.log(x) / Math.log(b)),
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  min: Math.min,
  max: Math.max,
  mod: (a, b) => ((a % b) + b) % b,
  gcd: (a, b) => {
    let x = Math.abs(a);
    let y = Math.abs(b);
    while (y) [x, y] = [y, x % y];
    return x;
  },
  lcm: (a, b) => {
    let x = Math.abs(a);
    let y = Math.abs(b);
    const p = x * y;
    while (y) [x, y] = [y, x % y];
    return x ? p / x : 0;
  },
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
const OPS = new Set(['unaryMinus', 'unaryPlus']);
/** Comparisons give 1 or 0 so template constraints such as "a != b" work. */
const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  pow: (a, b) => a ** b,
  equal: (a, b) => +(a === b),
  unequal: (a, b) => +(a !== b),
  smaller: (a, b) => +(a < b),
  larger: (a, b) => +(a > b),
  smallerEq: (a, b) => +(a <= b),
  largerEq: (a, b) => +(a >= b),
};
const MAX_LENGTH = 300;
const MAX_NODES = 200;

export type Compiled = { ok: true; node: MathNode; symbols: Set<string> } | { ok: false; reason: string; message: Message };

/** A failure with the author's reason (English, for validation) and the student's sentence. */
const fail = (reason: string, message: Message): Compiled => ({ ok: false, reason, message });

/** Parses and checks an expression against the whitelist; never throws. */
export function compileSafe(source: string, allowedSymbols: readonly string[]): Compiled {
  if (source.length > MAX_LENGTH) return fail('The expression is too long.', msg('check.exprTooLong'));
  const text = source
    .replace(/[\u2212\u2013]/g, '-')
    .replace(/[\u00d7\u22c5]/g, '*')
    .replace(/\u00f7/g, '/');
  if (text.trim() === '') return fail('The expression is empty.', msg('check.exprEmpty'));
  let node: MathNode;
  try {
    node = parse(text);
  } catch {
    return fail('That is not a valid expression.', msg('check.exprInvalid'));
  }
  const allowed = new Set(allowedSymbols);
  const symbols = new Set<string>();
  let count = 0;
  let problem: Compiled | null = null;
  const visit = (n: MathNode, asFunctionName: boolean): void => {
    if (problem) return;
    if (++count > MAX_NODES) {
      problem = fail('The expression is too complicated.', msg('check.exprTooComplicated'));
      return;
    }
    const t = n.type;
    if (t === 'ConstantNode') {
      const v = (n as unknown as { value: unknown }).value;
      if (typeof v !== 'number' || !Number.isFinite(v)) problem = fail('Only numbers are allowed.', msg('check.exprOnlyNumbers'));
    } else if (t === 'SymbolNode') {
      const name = (n as unknown as { name: string }).name;
      if (asFunctionName) return;
      if (allowed.has(name)) symbols.add(name);
      else if (!(name in CONSTANTS)) problem = fail(`Unknown variable "${name}".`, msg('check.exprUnknownLetter', { name }));
    } else if (t === 'OperatorNode') {
      const fn = (n as unknown as { fn: string }).fn;
      const op = (n as unknown as { op: string }).op;
      if (!OPS.has(fn) && !Object.hasOwn(BINARY, fn))
        problem = fail(`The operator "${op}" is not allowed.`, msg('check.exprOperator', { op }));
      for (const a of (n as unknown as { args: MathNode[] }).args) visit(a, false);
    } else if (t === 'ParenthesisNode') {
      visit((n as unknown as { content: MathNode }).content, false);
    } else if (t === 'FunctionNode') {
      const fnNode = (n as unknown as { fn: MathNode }).fn;
      const name = fnNode.type === 'SymbolNode' ? (fnNode as unknown as { name: string }).name : '';
      if (!Object.hasOwn(FUNCTIONS, name)) {
        problem = fail(`The function "${name || '?'}" is not allowed.`, msg('check.exprFunction', { name: name || '?' }));
        return;
      }
      for (const a of (n as unknown as { args: MathNode[] }).args) visit(a, false);
    } else {
      problem = fail('That kind of expression is not allowed.', msg('check.exprKind'));
    }
  };
  visit(node, false);
  return problem ?? { ok: true, node, symbols };
}

/** Evaluates a compiled tree with numbers only; non-finite results come back as NaN. */
export function evaluateSafe(node: MathNode, scope: Readonly<Record<string, number>>): number {
  const ev = (n: MathNode): number => {
    switch (n.type) {
      case 'ConstantNode':
        return (n as unknown as { value: number }).value;
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        return Object.hasOwn(scope, name) ? (scope[name] as number) : (CONSTANTS[name] ?? Number.NaN);
      }
      case 'ParenthesisNode':
        return ev((n as unknown as { content: MathNode }).content);
      case 'OperatorNode': {
        const { fn, args } = n as unknown as { fn: string; args: MathNode[] };
        const [a, b] = args.map(ev) as [number, number];
        if (fn === 'unaryMinus') return -a;
        if (fn === 'unaryPlus') return a;
        const op = BINARY[fn];
        return op ? op(a, b) : Number.NaN;
      }
      case 'FunctionNode': {
        const { fn, args } = n as unknown as { fn: { name: string }; args: MathNode[] };
        const f = FUNCTIONS[fn.name];
        return f ? f(...args.map(ev)) : Number.NaN;
      }
      default:
        return Number.NaN;
    }
  };
  const v = ev(node);
  return Number.isFinite(v) ? v : Number.NaN;
}
