/**
 * Fitting a course's BKT parameters from its own answer log (pure; the refit command reads the log
 * and stores the result, the simulator calls it on a calibration cohort).
 *
 * A skill is fitted when at least `minStudents` students answered it (default 50; parameter
 * recovery needs roughly 50-100). Two stages:
 * 1. Skill level: prior, learn and a guess/slip per item class, by EM (Baum-Welch) from several
 *    starts. With `fitTransitions: false` prior, learn and forget stay those of `base` (the pack's)
 *    and only the class emissions are fitted. A free fit is kept only when it is plausible: no
 *    class's slip above `maxSlip` (0.3: a student called a master would get more than 3 in 10
 *    wrong) and a learn rate of at least `minLearn` (0.01 per try). Otherwise the skill keeps
 *    `base`'s prior and learn, with its emissions fitted, and the result says why. An adaptive log
 *    is what makes this necessary: sequences stop at mastery, and EM then tends to explain the data
 *    as "most students knew it from the start but slip a lot", which would make every answer weak
 *    evidence and practice much longer (measured in docs/benchmarks.md).
 * 2. Item level (KT-IDEM: item difficulty from data): every item answered by at least
 *    `minItemStudents` students (default 30) gets its own guess and slip, fitted by EM with the
 *    transitions of stage 1 held fixed and shrunk toward its class's values by `pseudoCount`
 *    answers (default 10), so a rarely served item stays near its class. Holding the transitions
 *    keeps the item fit identifiable: a log that stops at mastery cannot tell "knew it from the
 *    start but slips" from "learned it" once every item has free emissions.
 * Every emission is kept informative (guess + slip <= `maxGuessPlusSlip`, default 0.9), so a right
 * answer never lowers P(mastered). Before a skill's fit is used it must pass fitcheck.ts: no class
 * or item slip above `maxSlip` (slow learning read as slips), and, fitted without one student in
 * five, a better prediction of those students than the current parameters (`base`, else the fit
 * is used unchecked). A skill that fails keeps its current parameters and `kept` says why.
 */
import { buildDataset, eStep, fitSkill, newCounts } from '../mastery/index.ts';
import type { BktParams, MasteryRow, SkillData, SkillFit } from '../mastery/index.ts';
import { implausibleSlips, packedFor, splitHeldOut, worseOnHeldOut } from './fitcheck.ts';
import { itemEmissionKey, itemOfEmissionKey } from './params.ts';
import type { SkillParams } from './types.ts';

/** One first-attempt answer of a course's log. */
export interface LoggedAnswer {
  student: string;
  itemId: string;
  itemClass: string;
  skillIds: string[];
  /** Orders the student's answers (a timestamp or a counter). */
  order: number;
  correct: boolean;
}

export interface CourseFitOptions {
  minStudents?: number;
  minItemStudents?: number;
  /** Fit prior, learn (and forget) per skill (default true); false keeps `base`'s. */
  fitTransitions?: boolean;
  /** Current parameters (the pack's), needed when `fitTransitions` is false. */
  base?: SkillParams;
  pseudoCount?: number;
  maxGuessPlusSlip?: number;
  /** Plausibility of a free transition fit (defaults 0.3 and 0.01; see the module comment). */
  maxSlip?: number;
  minLearn?: number;
  restarts?: number;
  seed?: number;
}

export interface FittedSkill {
  params: BktParams & { classes: { gs: string[]; learn: string[] } };
  students: number;
  answers: number;
  logLikelihood: number;
  /** Items with their own guess/slip. */
  itemLevel: number;
  /** Whether prior and learn come from this log ('fitted') or from `base` ('kept'). */
  transitions: 'fitted' | 'kept';
  /** Why a free transition fit was set aside, in words (with transitions 'kept' after a failed check). */
  implausible?: string;
}

export interface CourseFit {
  fitted: Map<string, FittedSkill>;
  kept: Array<{ skill: string; students: number; reason: string }>;
}

const add = <K, V>(m: Map<K, Set<V>>, k: K, v: V): void => {
  (m.get(k) ?? m.set(k, new Set()).get(k)!).add(v);
};

/** Keeps guess + slip at most `max` (scaling both down), so an answer always points the right way. */
function informative(guess: number, slip: number, max: number): [number, number] {
  const sum = guess + slip;
  return sum <= max ? [guess, slip] : [(guess * max) / sum, (slip * max) / sum];
}

/** Why a free fit is implausible (see the module comment), or undefined when it is plausible. */
export function implausibleFit(f: BktParams & { classes?: { gs: string[] } }, maxSlip: number, minLearn: number): string | undefined {
  const pct = (x: number): string => `${x < 0.01 ? (x * 100).toFixed(1) : Math.round(x * 100)}%`;
  const worst = f.slips.reduce((w, s, i) => (s > (f.slips[w] ?? 0) ? i : w), 0);
  const slip = f.slips[worst] ?? 0;
  if (slip > maxSlip) {
    return `students it counts as knowing the skill would get ${pct(slip)} of ${f.classes?.gs[worst] ?? 'its'} items wrong (the limit is ${pct(maxSlip)}); an answer log that stops at mastery can mislead the fit this way`;
  }
  const learn = Math.min(...f.learns);
  if (learn < minLearn) {
    return `practice would teach almost nothing (${pct(learn)} of students learn the skill per try, the minimum is ${pct(minLearn)}) while ${pct(f.prior)} would know it from the start`;
  }
  return undefined;
}

/**
 * EM over the emissions only: transitions (prior, learn, forget) fixed at `base`; each emission
 * starts at, and is shrunk toward, `start(name)` (else base's first class) by `pseudo` answers.
 */
function emissionEm(
  d: SkillData,
  base: BktParams,
  start: (name: string) => [number, number] | undefined,
  pseudo: number,
  iterations = 50,
): SkillFit {
  const names = d.classes.gs;
  const anchor = names.map((n): [number, number] => start(n) ?? [base.guesses[0] ?? 0.2, base.slips[0] ?? 0.1]);
  const p = {
    prior: base.prior,
    learn: Float64Array.from(d.classes.learn, () => base.learns[0] ?? 0.1),
    forget: Float64Array.from(d.classes.learn, () => base.forgets[0] ?? 0),
    guess: Float64Array.from(anchor, (a): number => a[0]),
    slip: Float64Array.from(anchor, (a): number => a[1]),
  };
  const acc = newCounts(p.learn.length, p.guess.length);
  let ll = 0;
  let prev = NaN;
  let it = 0;
  for (; it < iterations; it++) {
    acc.trans.fill(0);
    acc.emit.fill(0);
    acc.init.fill(0);
    ll = eStep(d, p, acc);
    if (it > 0 && Math.abs(ll - prev) <= 1e-4) break;
    prev = ll;
    names.forEach((_n, g) => {
      const [g0, s0] = anchor[g] as [number, number];
      const u0 = acc.emit[4 * g] as number;
      const u1 = acc.emit[4 * g + 1] as number;
      const m0 = acc.emit[4 * g + 2] as number;
      const m1 = acc.emit[4 * g + 3] as number;
      p.guess[g] = (u1 + pseudo * g0) / (u0 + u1 + pseudo);
      p.slip[g] = (m0 + pseudo * s0) / (m0 + m1 + pseudo);
    });
  }
  return {
    prior: p.prior,
    learns: [...p.learn],
    forgets: [...p.forget],
    guesses: [...p.guess],
    slips: [...p.slip],
    classes: { gs: [...names], learn: [...d.classes.learn] },
    logLikelihood: ll,
    iterations: it,
  };
}

/** The held-out check of fitcheck.ts: the emission fit without one student in five against `current` on them. */
function heldOutCheck(
  d: SkillData,
  s1: BktParams,
  startOf: (name: string) => [number, number] | undefined,
  current: BktParams & { classes?: { gs: string[] } },
  classOf: Map<string, string>,
  pseudo: number,
): string | undefined {
  const { train, test } = splitHeldOut(d);
  if (train.seqStarts.length <= 1) return undefined;
  const f = emissionEm(train, s1, startOf, pseudo);
  const fitted = packedFor(test, f, (n) => {
    const i = f.classes.gs.indexOf(n);
    return i >= 0 ? [f.guesses[i] as number, f.slips[i] as number] : undefined;
  });
  const now = packedFor(test, current, (n) => {
    const names = current.classes?.gs ?? [];
    const own = names.indexOf(n);
    const item = itemOfEmissionKey(n);
    const i = own >= 0 ? own : names.indexOf(item === undefined ? n : (classOf.get(item) ?? ''));
    return i >= 0 ? [current.guesses[i] as number, current.slips[i] as number] : undefined;
  });
  return worseOnHeldOut(test, fitted, now);
}

/** Fits every skill with enough students; see the module comment for the rules. */
export function fitCourseParams(answers: Iterable<LoggedAnswer>, opts: CourseFitOptions = {}): CourseFit {
  const base = opts.base ?? {};
  const minStudents = opts.minStudents ?? 50;
  const minItemStudents = opts.minItemStudents ?? 30;
  const maxGS = opts.maxGuessPlusSlip ?? 0.9;
  const pseudo = opts.pseudoCount ?? 10;
  const maxSlip = opts.maxSlip ?? 0.3;
  const minLearn = opts.minLearn ?? 0.01;
  const all: LoggedAnswer[] = [];
  const students = new Map<string, Set<string>>();
  const itemStudents = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  const classOf = new Map<string, string>();
  for (const a of answers) {
    all.push(a);
    classOf.set(a.itemId, a.itemClass || 'default');
    for (const skill of a.skillIds) {
      add(students, skill, a.student);
      add(itemStudents, `${skill}\u0000${a.itemId}`, a.student);
      counts.set(skill, (counts.get(skill) ?? 0) + 1);
    }
  }
  const out: CourseFit = { fitted: new Map(), kept: [] };
  const enough = new Set<string>();
  for (const [skill, s] of students) {
    if (opts.fitTransitions === false && !base[skill])
      out.kept.push({ skill, students: s.size, reason: 'no current parameters to keep its prior and learn from' });
    else if (s.size >= minStudents) enough.add(skill);
    else out.kept.push({ skill, students: s.size, reason: `fewer than ${minStudents} students` });
  }
  if (enough.size === 0) return out;
  const rows = (gsOf: (skill: string, a: LoggedAnswer) => string): MasteryRow[] => {
    const r: MasteryRow[] = [];
    for (const a of all)
      for (const skill of a.skillIds)
        if (enough.has(skill)) r.push({ userId: a.student, skill, order: a.order, correct: a.correct, gsClass: gsOf(skill, a) });
    return r;
  };
  // Stage 1: per skill, by item class; a free fit that fails the plausibility check falls back to base's transitions.
  const stage1 = new Map<string, { fit: SkillFit; kept: boolean; implausible?: string }>();
  for (const d of buildDataset(rows((_s, a) => a.itemClass || 'default'))) {
    const b = base[d.skill];
    const free = opts.fitTransitions === false && b ? undefined : fitSkill(d, { restarts: opts.restarts ?? 5, seed: opts.seed ?? 1 });
    const why = free && b ? implausibleFit(free, maxSlip, minLearn) : undefined;
    if (free && !why) stage1.set(d.skill, { fit: free, kept: false });
    else
      stage1.set(d.skill, {
        fit: emissionEm(d, b as BktParams, () => undefined, pseudo),
        kept: true,
        ...(why ? { implausible: why } : {}),
      });
  }
  // Stage 2: items with enough students get their own emission; transitions from stage 1.
  const own = (skill: string, itemId: string): boolean => (itemStudents.get(`${skill}\u0000${itemId}`)?.size ?? 0) >= minItemStudents;
  for (const d of buildDataset(rows((s, a) => (own(s, a.itemId) ? itemEmissionKey(a.itemId) : a.itemClass || 'default')))) {
    const { fit: s1, kept, implausible } = stage1.get(d.skill) as { fit: SkillFit; kept: boolean; implausible?: string };
    const classValue = (cls: string): [number, number] | undefined => {
      const i = s1.classes.gs.indexOf(cls);
      return i >= 0 ? [s1.guesses[i] as number, s1.slips[i] as number] : undefined;
    };
    const startOf = (name: string): [number, number] | undefined => {
      const item = itemOfEmissionKey(name);
      return classValue(item === undefined ? name : (classOf.get(item) ?? ''));
    };
    const fit = emissionEm(d, s1, startOf, pseudo);
    const b = base[d.skill];
    const refused =
      implausibleSlips(fit.classes.gs, fit.slips, maxSlip) ?? (b ? heldOutCheck(d, s1, startOf, b, classOf, pseudo) : undefined);
    if (refused && b) {
      out.kept.push({ skill: d.skill, students: students.get(d.skill)?.size ?? 0, reason: refused });
      continue;
    }
    // Class entries stage 1 saw but stage 2 does not (every item of the class has its own) stay, for items added later.
    const gs = [...fit.classes.gs];
    const guesses = [...fit.guesses];
    const slips = [...fit.slips];
    s1.classes.gs.forEach((cls, i) => {
      if (!gs.includes(cls)) {
        gs.push(cls);
        guesses.push(s1.guesses[i] as number);
        slips.push(s1.slips[i] as number);
      }
    });
    guesses.forEach((g, i) => {
      [guesses[i], slips[i]] = informative(g, slips[i] as number, maxGS);
    });
    out.fitted.set(d.skill, {
      params: { prior: s1.prior, learns: s1.learns, forgets: s1.forgets, guesses, slips, classes: { gs, learn: s1.classes.learn } },
      students: students.get(d.skill)?.size ?? 0,
      answers: counts.get(d.skill) ?? 0,
      logLikelihood: fit.logLikelihood,
      itemLevel: gs.filter((n) => itemOfEmissionKey(n) !== undefined).length,
      transitions: kept ? 'kept' : 'fitted',
      ...(implausible ? { implausible } : {}),
    });
  }
  return out;
}
