/**
 * The mastery CLI commands. Everything is validated and computed before the first byte goes to
 * stdout, so a failing command prints nothing there (predict re-reads the input only to echo it).
 */
import { createRng } from '../../../src/domain/random.ts';
import { subsetSequences } from '../../../src/domain/mastery/dataset.ts';
import { generateRows } from '../../../src/domain/mastery/generate.ts';
import { parseArgs } from './args.ts';
import { FIT_FLAGS, fit, fitOptions, load, metricsOf, orderedJson, predictAll, score, workersOf, type Predictions } from './common.ts';
import { readRecords } from './csv.ts';
import { UsageError } from '../../../src/cli/usage.ts';
import type { Out } from './out.ts';
import { paramsForSkill, readParamsFile } from './paramsFile.ts';

export async function fitCommand(argv: string[], out: Out): Promise<void> {
  const args = parseArgs('fit', argv, { values: ['input', ...FIT_FLAGS], booleans: ['forgets'], required: ['input'] });
  const options = await fitOptions(args);
  const workers = workersOf(args);
  const loaded = await load(args, args.str('input') as string, workers > 1);
  const fits = await fit(loaded.data, options, workers);
  await out.write(orderedJson([...fits]));
}

export async function predictCommand(argv: string[], out: Out): Promise<void> {
  const args = parseArgs('predict', argv, { values: ['input', 'params', 'multigs', 'multilearn'], required: ['input', 'params'] });
  const input = args.str('input') as string;
  const params = await readParamsFile(args.str('params') as string, '--params');
  const loaded = await load(args, input, false);
  const pred = predictAll(loaded, (s) => paramsForSkill(params, s), { multigs: args.has('multigs'), multilearn: args.has('multilearn') });
  let row = -1;
  let buf = '';
  const chunks: string[] = [];
  await readRecords(input, (fields, _line, raw) => {
    if (row >= 0 && fields.length === 1 && fields[0]?.trim() === '') return;
    if (row < 0) buf += `${raw},correct_predictions,state_predictions\n`;
    else {
      if (row >= pred.correct.length) throw new UsageError(`${input} changed while it was being read`);
      buf += `${raw},${pred.correct[row]},${pred.state[row]}\n`;
    }
    row++;
    if (buf.length > 1 << 20) {
      chunks.push(buf);
      buf = '';
    }
  });
  if (row !== pred.correct.length) throw new UsageError(`${input} changed while it was being read`);
  chunks.push(buf);
  for (const c of chunks) await out.write(c);
}

export async function evaluateCommand(argv: string[], out: Out): Promise<void> {
  const args = parseArgs('evaluate', argv, {
    values: ['train', 'test', 'metric', ...FIT_FLAGS],
    booleans: ['forgets'],
    repeatable: ['metric'],
    required: ['train', 'test'],
  });
  const metrics = metricsOf(args);
  const options = await fitOptions(args);
  const workers = workersOf(args);
  const train = await load(args, args.str('train') as string, workers > 1);
  const test = await load(args, args.str('test') as string, false);
  const fits = await fit(train.data, options, workers);
  const pred = predictAll(test, (s) => fits.get(s), { multigs: args.has('multigs'), multilearn: args.has('multilearn') });
  await out.write(`${JSON.stringify(score(test.cols, pred, metrics), null, 2)}\n`);
}

export async function crossvalidateCommand(argv: string[], out: Out): Promise<void> {
  const args = parseArgs('crossvalidate', argv, {
    values: ['input', 'folds', 'metric', ...FIT_FLAGS],
    booleans: ['forgets'],
    repeatable: ['metric'],
    required: ['input', 'folds', 'seed'],
  });
  const metrics = metricsOf(args);
  const k = args.num('folds', { integer: true, min: 2 }) as number;
  const options = await fitOptions(args);
  const seed = options.seed ?? 0;
  const workers = workersOf(args);
  const loaded = await load(args, args.str('input') as string, false);
  const users = loaded.cols.users.names.length;
  if (users < k) throw new UsageError(`--folds ${k} needs at least ${k} students, found ${users}`);
  // Shuffle students with the seed; student at shuffled position i goes to fold i mod k.
  const order = Array.from({ length: users }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = users - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const foldOf = new Int32Array(users);
  order.forEach((u, i) => (foldOf[u] = i % k));
  const folds: Record<string, number>[] = [];
  for (let f = 0; f < k; f++) {
    const inFold = (d: (typeof loaded.data)[number], s: number): boolean => foldOf[d.seqUser[s] as number] === f;
    const trainData = loaded.data.map((d) => subsetSequences(d, (s) => !inFold(d, s))).filter((d) => d.seqUser.length > 0);
    const fits = await fit(trainData, options, workers);
    const testData = loaded.data.map((d) => subsetSequences(d, (s) => inFold(d, s)));
    const pred: Predictions = predictAll(
      { cols: loaded.cols, data: testData },
      (s) => fits.get(s),
      { multigs: args.has('multigs'), multilearn: args.has('multilearn') },
      true,
    );
    folds.push(score(loaded.cols, pred, metrics));
  }
  const mean: Record<string, number> = {};
  for (const m of metrics) mean[m] = folds.reduce((a, r) => a + (r[m] as number), 0) / k;
  await out.write(`${JSON.stringify({ folds, mean }, null, 2)}\n`);
}

export async function generateCommand(argv: string[], out: Out): Promise<void> {
  const args = parseArgs('generate', argv, {
    values: ['students', 'length', 'prior', 'learn', 'guess', 'slip', 'forget', 'seed', 'skill'],
    required: ['students', 'length', 'prior', 'learn', 'guess', 'slip'],
  });
  const students = args.num('students', { integer: true, min: 1 }) as number;
  const length = args.num('length', { integer: true, min: 1 }) as number;
  const p = (name: string): number => args.num(name, { min: 0, max: 1 }) ?? 0;
  const params = { prior: p('prior'), learns: [p('learn')], forgets: [p('forget')], guesses: [p('guess')], slips: [p('slip')] };
  const seed = args.num('seed', { integer: true }) ?? 0;
  const skill = args.str('skill') ?? 'skill';
  const cell = /[",\r\n]/.test(skill) ? `"${skill.replace(/"/g, '""')}"` : skill;
  const chunks: string[] = [];
  let buf = 'order_id,user_id,skill_name,correct\n';
  let order = 0;
  generateRows({ students, length, params, seed }, (s, _t, c) => {
    buf += `${++order},${s + 1},${cell},${c}\n`;
    if (buf.length > 1 << 20) {
      chunks.push(buf);
      buf = '';
    }
  });
  chunks.push(buf);
  for (const c of chunks) await out.write(c);
}
