/**
 * The simulate command: parses arguments, runs the simulation and returns the JSON line to print.
 * Kept apart from the entry file so tests call it in-process. Exit code 2 for bad input.
 */
import { loadBundledPack, loadPack } from '../../src/repositories/packFiles.ts';
import { resolveConfig } from '../../src/domain/policy/index.ts';
import type { PolicyConfig } from '../../src/domain/policy/index.ts';
import { POLICIES, simulate } from './index.ts';
import type { PolicyName } from './index.ts';
import { UsageError } from '../../src/cli/usage.ts';

const USAGE = `usage: simulate --policy ${POLICIES.join('|')} --students N --seed S [--pack PATH] [--max-items N]
  [--session-items N] [--prereq-factor F] [--example-factor F] [--partial-knowledge F] [--skills a,b,c]
  [--calibrate N] [--calibration-rounds R] [--calibration-transitions fitted|kept] [--config JSON]
  --calibrate N: fit the parameters every policy uses from N other simulated students first (default
    500, 0 = the pack's defaults), in R rounds (default 2). Prior and learn are kept at the pack's,
    as the app's refit does (kept, the default), or fitted where plausible (fitted).
  --config takes policy settings as JSON, e.g. '{"introExample":true}' (keys of PolicyConfig).\n`;

const CONFIG_KEYS = new Set(Object.keys(resolveConfig()));

function parseConfig(text: string): Partial<PolicyConfig> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError('--config needs a JSON object');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError('--config needs a JSON object');
  const defaults = resolveConfig() as unknown as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) {
    if (!CONFIG_KEYS.has(k)) throw new UsageError(`--config: unknown setting ${k}`);
    const want = Array.isArray(defaults[k]) ? 'object' : typeof defaults[k];
    if (typeof x !== want) throw new UsageError(`--config: ${k} must be a ${Array.isArray(defaults[k]) ? 'pair of numbers' : want}`);
  }
  return v as Partial<PolicyConfig>;
}

function num(flag: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n) || n < min) throw new UsageError(`${flag} needs a number >= ${min}`);
  return n;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function runSimulateCli(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    const opts: Record<string, string> = {};
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] as string;
      if (a === '--help' || a === '-h') {
        out(USAGE);
        return 0;
      }
      if (!a.startsWith('--')) throw new UsageError(`unexpected argument ${a}`);
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      opts[a.slice(2)] = v;
      i += 1;
    }
    const known = new Set([
      'policy',
      'students',
      'seed',
      'pack',
      'max-items',
      'session-items',
      'prereq-factor',
      'example-factor',
      'partial-knowledge',
      'calibrate',
      'calibration-rounds',
      'calibration-transitions',
      'skills',
      'config',
    ]);
    for (const k of Object.keys(opts)) if (!known.has(k)) throw new UsageError(`unknown option --${k}`);
    const policy = opts.policy as PolicyName | undefined;
    if (!policy || !(POLICIES as readonly string[]).includes(policy))
      throw new UsageError(`--policy must be one of ${POLICIES.join(', ')}`);
    const students = Math.floor(num('--students', opts.students, 1));
    const seed = Math.floor(num('--seed', opts.seed ?? '1', 0));
    const pack = opts.pack ? loadPack(opts.pack) : loadBundledPack();
    const population: Record<string, number> = {};
    if (opts['prereq-factor'] !== undefined) population.prereqFactor = num('--prereq-factor', opts['prereq-factor'], 0);
    if (opts['example-factor'] !== undefined) population.exampleFactor = num('--example-factor', opts['example-factor'], 0);
    if (opts['partial-knowledge'] !== undefined) {
      population.partialKnowledge = num('--partial-knowledge', opts['partial-knowledge'], 0);
      if (population.partialKnowledge > 1) throw new UsageError('--partial-knowledge needs a number from 0 to 1');
    }
    const calibrationStudents = Math.floor(num('--calibrate', opts.calibrate ?? '500', 0));
    const calibrationRounds = Math.floor(num('--calibration-rounds', opts['calibration-rounds'] ?? '2', 1));
    const transitions = opts['calibration-transitions'] ?? 'kept';
    if (transitions !== 'fitted' && transitions !== 'kept') throw new UsageError('--calibration-transitions must be fitted or kept');
    const skills = opts.skills
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = skills?.filter((s) => !pack.skills.some((k) => k.id === s)) ?? [];
    if (unknown.length > 0) throw new UsageError(`unknown skill(s): ${unknown.join(', ')}`);
    const report = simulate(pack, {
      policy,
      students,
      seed,
      population,
      calibrationStudents,
      calibrationRounds,
      calibrationFitsTransitions: transitions === 'fitted',
      ...(skills ? { skills } : {}),
      ...(opts.config !== undefined ? { config: parseConfig(opts.config) } : {}),
      ...(opts['max-items'] !== undefined ? { maxItems: Math.floor(num('--max-items', opts['max-items'], 1)) } : {}),
      ...(opts['session-items'] !== undefined ? { sessionItems: Math.floor(num('--session-items', opts['session-items'], 1)) } : {}),
    });
    out(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`simulate: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof Error && e.name.startsWith('Content')) {
      err(`simulate: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
