/**
 * Fitting a course's BKT parameters from its own answer log (pure; the refit command reads the log
 * and stores the result, the simulator calls it on a calibration cohort).
 *
 * A skill is fitted when at least `minStudents` students answered it (default 50; parameter
 * recovery needs roughly 50-100). Two stages:
 * 1. Skill level: prior, learn and a guess/slip per item class, by EM (Baum-Welch) from several
 *    starts. With `fitTransitions: false` prior, learn and forget stay those of `base` (the pack's)
 *    and only the class emissions are fitted.
 * 2. Item level (KT-IDEM: item difficulty from data): every item answered by at least
 *    `minItemStudents` students (default 30) gets its own guess and slip, fitted by EM with the
 *    transitions of stage 1 held fixed and shrunk toward its class's values by `pseudoCount`
 *    answers (default 10), so a rarely served item stays near its class. Holding the transitions
 *    keeps the item fit identifiable: a log that stops at mastery cannot tell "knew it from the
 *    start but slips" from "learned it" once every item has free emissions.
 * Every emission is kept informative (guess + slip <= `maxGuessPlusSlip`, default 0.9), so a right
 * answer never lowers P(mastered).
 */
import { buildDataset, eStep, fitSkill, newCounts } from '../mastery/index.ts';
import type { BktParams, MasteryRow, SkillData, SkillFit } from '../mastery/index.ts';
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

/**
 * EM over the emissions only: transitions (prior, learn, forget) fixed at `base`; each emission
 * starts at, and is shrunk toward, `start(name)` (else base's first class) by `pseudo` answers.
 */
function emissionEm(d: SkillData, base: BktParams, start: (name: string) => [number, number] | undefined, pseudo: number, iterations = 50): SkillFit {
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
    prior: p.prior, learns: [...p.learn], forgets: [...p.forget], guesses: [...p.guess], slips: [...p.slip],
    classes: { gs: [...names], learn: [...d.classes.learn] }, logLikelihood: ll, iterations: it,
  };
}

/** Fits every skill with enough students; see the module comment for the rules. */
export function fitCourseParams(answers: Iterable<LoggedAnswer>, opts: CourseFitOptions = {}): CourseFit {
  const base = opts.base ?? {};
  const minStudents = opts.minStudents ?? 50;
  const minItemStudents = opts.minItemStudents ?? 30;
  const maxGS = opts.maxGuessPlusSlip ?? 0.9;
  const pseudo = opts.pseudoCount ?? 10;
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
    if (opts.fitTransitions === false && !base[skill]) out.kept.push({ skill, students: s.size, reason: 'no current parameters to keep its prior and learn from' });
    else if (s.size >= minStudents) enough.add(skill);
    else out.kept.push({ skill, students: s.size, reason: `fewer than ${minStudents} students` });
  }
  if (enough.size === 0) return out;
  const rows = (gsOf: (skill: string, a: LoggedAnswer) => string): MasteryRow[] => {
    const r: MasteryRow[] = [];
    for (const a of all) for (const skill of a.skillIds) if (enough.has(skill)) r.push({ userId: a.student, skill, order: a.order, correct: a.correct, gsClass: gsOf(skill, a) });
    return r;
  };
  // Stage 1: per skill, by item class.
  const stage1 = new Map<string, SkillFit>();
  for (const d of buildDataset(rows((_s, a) => a.itemClass || 'default'))) {
    const b = base[d.skill] as BktParams;
    stage1.set(d.skill, opts.fitTransitions === false ? emissionEm(d, b, () => undefined, pseudo) : fitSkill(d, { restarts: opts.restarts ?? 5, seed: opts.seed ?? 1 }));
  }
  // Stage 2: items with enough students get their own emission; transitions from stage 1.
  const own = (skill: string, itemId: string): boolean => (itemStudents.get(`${skill}\u0000${itemId}`)?.size ?? 0) >= minItemStudents;
  for (const d of buildDataset(rows((s, a) => (own(s, a.itemId) ? itemEmissionKey(a.itemId) : a.itemClass || 'default')))) {
    const s1 = stage1.get(d.skill) as SkillFit;
    const classValue = (cls: string): [number, number] | undefined => {
      const i = s1.classes.gs.indexOf(cls);
      return i >= 0 ? [s1.guesses[i] as number, s1.slips[i] as number] : undefined;
    };
    const fit = emissionEm(d, s1, (name) => {
      const item = itemOfEmissionKey(name);
      return classValue(item === undefined ? name : (classOf.get(item) ?? ''));
    }, pseudo);
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
    });
  }
  return out;
}
