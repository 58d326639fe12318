/**
 * Pieces shared by the commands: fit flags, reading data, fitting with the worker pool, and
 * predicting a data set with fitted parameters (class names mapped, errors with line numbers).
 */
import { groupBySkill, type RowColumns } from '../../../src/domain/mastery/dataset.ts';
import { InitError } from '../../../src/domain/mastery/fit.ts';
import { METRICS, computeMetrics, type Metric } from '../../../src/domain/mastery/metrics.ts';
import { classRemap, predictSkill } from '../../../src/domain/mastery/predict.ts';
import type { BktParams, FitOptions, InitParams, SkillData, SkillFit } from '../../../src/domain/mastery/types.ts';
import type { Args } from './args.ts';
import { readDataset } from './csv.ts';
import { UsageError } from '../../../src/cli/usage.ts';
import { readParamsFile } from './paramsFile.ts';
import { fitAll, workerCount } from './pool.ts';

export const FIT_FLAGS = ['skills', 'multigs', 'multilearn', 'init', 'iterations', 'tol', 'restarts', 'seed', 'workers'] as const;

export interface Loaded {
  cols: RowColumns;
  data: SkillData[];
}

/** Read and pack a CSV with the class columns and skill filter of `args`. */
export async function load(args: Args, path: string, shared: boolean): Promise<Loaded> {
  let skills: RegExp | undefined;
  const pattern = args.str('skills');
  if (pattern !== undefined) {
    try {
      skills = new RegExp(pattern);
    } catch (e) {
      throw new UsageError(`--skills: ${(e as Error).message}`);
    }
  }
  const { cols } = await readDataset(path, { multigs: args.str('multigs'), multilearn: args.str('multilearn'), skills });
  if (cols.length === 0)
    throw new UsageError(pattern !== undefined ? `no skill in ${path} matches --skills ${pattern}` : `${path} has no data rows`);
  return { cols, data: groupBySkill(cols, { shared }) };
}

export function workersOf(args: Args): number {
  const w = args.str('workers');
  if (w !== undefined && w !== 'auto') args.num('workers', { integer: true, min: 1 });
  return workerCount(w);
}

/** Fit options from flags (defaults in the mastery module). */
export async function fitOptions(args: Args): Promise<FitOptions> {
  const initPath = args.str('init');
  const o: FitOptions = {
    forgets: args.has('forgets'),
    iterations: args.num('iterations', { integer: true, min: 0 }),
    tol: args.num('tol'),
    restarts: args.num('restarts', { integer: true, min: 1 }),
    seed: args.num('seed', { integer: true }),
  };
  if (initPath !== undefined) o.init = await readParamsFile(initPath, '--init');
  return o;
}

/** Fit all skills, turning bad init values into exit-2 errors. */
export async function fit(data: SkillData[], options: FitOptions, workers: number): Promise<Map<string, SkillFit>> {
  try {
    return await fitAll(data, options, workers);
  } catch (e) {
    if (e instanceof InitError) throw new UsageError(e.message);
    throw e;
  }
}

/** Full parameter arrays (numbers broadcast to the class count). */
function full(p: InitParams): { params: BktParams; gs?: string[]; learn?: string[] } {
  const nL = Array.isArray(p.learns) ? p.learns.length : 1;
  const nG = Array.isArray(p.guesses) ? p.guesses.length : 1;
  const arr = (v: number[] | number | undefined, n: number): number[] => (Array.isArray(v) ? v : new Array<number>(n).fill(v ?? 0));
  return {
    params: {
      prior: p.prior,
      learns: arr(p.learns, nL),
      forgets: arr(p.forgets, nL),
      guesses: arr(p.guesses, nG),
      slips: arr(p.slips, nG),
    },
    gs: p.classes?.gs,
    learn: p.classes?.learn,
  };
}

export interface Predictions {
  correct: Float64Array;
  state: Float64Array;
  /** Rows that got a prediction (skills without parameters are left out when `skipUnknown`). */
  scored: Uint8Array;
}

/**
 * Predict every row of `loaded` with per-skill parameters. An unknown skill or class is an error
 * with its line number, or (with skipUnknown, for cross-validation) leaves the skill unscored.
 */
export function predictAll(
  loaded: Loaded,
  paramsOf: (skill: string) => InitParams | undefined,
  flags: { multigs: boolean; multilearn: boolean },
  skipUnknown = false,
): Predictions {
  const n = loaded.cols.length;
  const out: Predictions = { correct: new Float64Array(n), state: new Float64Array(n), scored: new Uint8Array(n) };
  for (const d of loaded.data) {
    const lineOf = (i: number): number => loaded.cols.line[d.rowIndex[i] as number] as number;
    const raw = paramsOf(d.skill);
    if (!raw) {
      if (skipUnknown) continue;
      throw new UsageError(`line ${lineOf(0)}: no parameters for skill "${d.skill}"`);
    }
    const p = full(raw);
    const maps = (['gs', 'learn'] as const).map((kind) => {
      const count = kind === 'gs' ? p.params.guesses.length : p.params.learns.length;
      const on = kind === 'gs' ? flags.multigs : flags.multilearn;
      if (!on && count > 1)
        throw new UsageError(
          `parameters of "${d.skill}" have ${count} ${kind} classes: pass --${kind === 'gs' ? 'multigs' : 'multilearn'} COLUMN`,
        );
      const names = on ? p[kind] : undefined;
      if (on && !names && count > 1) throw new UsageError(`parameters of "${d.skill}" have no classes.${kind} names`);
      const map = classRemap(d.classes[kind], names, count);
      const column = kind === 'gs' ? d.gsClass : d.learnClass;
      const missing = map.indexOf(-1);
      if (missing >= 0) {
        const i = column.indexOf(missing);
        throw new UsageError(`line ${lineOf(i)}: ${kind} class "${d.classes[kind][missing]}" is not in the parameters of "${d.skill}"`);
      }
      return map;
    });
    predictSkill(d, p.params, maps[0] as Int32Array, maps[1] as Int32Array, out.correct, out.state);
    for (let i = 0; i < d.rowIndex.length; i++) out.scored[d.rowIndex[i] as number] = 1;
  }
  return out;
}

/** Validate --metric flags (default auc and rmse). */
export function metricsOf(args: Args): Metric[] {
  const asked = args.all('metric');
  for (const m of asked)
    if (!(METRICS as readonly string[]).includes(m)) throw new UsageError(`--metric must be one of ${METRICS.join(', ')}, got "${m}"`);
  return asked.length > 0 ? (asked as Metric[]) : ['auc', 'rmse'];
}

/** Metrics over scored rows with an observed answer. */
export function score(
  cols: RowColumns,
  pred: Predictions,
  metrics: Metric[],
  rowFilter: (row: number) => boolean = () => true,
): Record<string, number> {
  const y: number[] = [];
  const p: number[] = [];
  for (let r = 0; r < cols.length; r++) {
    const c = cols.correct[r] as number;
    if (c < 0 || pred.scored[r] !== 1 || !rowFilter(r)) continue;
    y.push(c);
    p.push(pred.correct[r] as number);
  }
  return computeMetrics(metrics, y, p);
}

/** JSON of a skill -> value map, keeping insertion order even for numeric-looking skill names. */
export function orderedJson(entries: [string, unknown][]): string {
  if (entries.length === 0) return '{}\n';
  return `{\n${entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`;
}
