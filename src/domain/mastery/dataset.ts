/**
 * Packing rows into per-skill typed arrays. Rows are appended to growable typed columns (no object
 * per row, so a CLI can stream a file of hundreds of MB), then grouped by skill and student with
 * two stable counting sorts; a student's rows are sorted by order only when out of order.
 *
 * Students are ordered numerically when every user id is a number, else by string comparison;
 * class indices are given in order of first appearance in that sorted data.
 */
import type { SkillData } from './types.ts';

/** Interning table: string -> dense index in order of first sight. */
export class Interner {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  /** Index of `name`, adding it if new. */
  id(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
  get(name: string): number | undefined {
    return this.index.get(name);
  }
}

type Typed = Int32Array | Float64Array | Int8Array;

function grow<T extends Typed>(a: T, make: (n: number) => T): T {
  const b = make(a.length * 2);
  b.set(a as never);
  return b;
}

/** Growable columns of a whole input, before grouping. */
export class RowColumns {
  readonly skills = new Interner();
  readonly users = new Interner();
  readonly gsNames = new Interner();
  readonly learnNames = new Interner();
  length = 0;
  skill = new Int32Array(1024);
  user = new Int32Array(1024);
  order = new Float64Array(1024);
  correct = new Int8Array(1024);
  gs = new Int32Array(1024);
  learn = new Int32Array(1024);
  /** 1-based input line of each row, for error messages. */
  line = new Int32Array(1024);

  /** Append one row; class arguments are names (use "default" when the variant is off). */
  push(skill: string, user: string, order: number, correct: -1 | 0 | 1, gs: string, learn: string, line: number): void {
    if (this.length === this.skill.length) {
      this.skill = grow(this.skill, (n) => new Int32Array(n));
      this.user = grow(this.user, (n) => new Int32Array(n));
      this.order = grow(this.order, (n) => new Float64Array(n));
      this.correct = grow(this.correct, (n) => new Int8Array(n));
      this.gs = grow(this.gs, (n) => new Int32Array(n));
      this.learn = grow(this.learn, (n) => new Int32Array(n));
      this.line = grow(this.line, (n) => new Int32Array(n));
    }
    const i = this.length++;
    this.skill[i] = this.skills.id(skill);
    this.user[i] = this.users.id(user);
    this.order[i] = order;
    this.correct[i] = correct;
    this.gs[i] = this.gsNames.id(gs);
    this.learn[i] = this.learnNames.id(learn);
    this.line[i] = line;
  }
}

/** Rank of each user in sorted order (numeric when all ids are numbers). */
function userRanks(names: string[]): Int32Array {
  const numeric = names.every((n) => n.trim() !== '' && Number.isFinite(Number(n)));
  const idx = names.map((_, i) => i);
  if (numeric) idx.sort((a, b) => Number(names[a]) - Number(names[b]) || a - b);
  else idx.sort((a, b) => ((names[a] as string) < (names[b] as string) ? -1 : (names[a] as string) > (names[b] as string) ? 1 : a - b));
  const rank = new Int32Array(names.length);
  idx.forEach((u, r) => (rank[u] = r));
  return rank;
}

/** Stable counting sort of `perm` by `key[perm[i]]` (keys in [0, k)). */
function countingSort(perm: Int32Array, key: (row: number) => number, k: number): Int32Array {
  const counts = new Int32Array(k + 1);
  for (let i = 0; i < perm.length; i++) (counts[key(perm[i] as number) + 1] as number)++;
  for (let i = 0; i < k; i++) counts[i + 1] = (counts[i + 1] as number) + (counts[i] as number);
  const out = new Int32Array(perm.length);
  for (let i = 0; i < perm.length; i++) {
    const r = perm[i] as number;
    const kk = key(r);
    out[counts[kk] as number] = r;
    counts[kk] = (counts[kk] as number) + 1;
  }
  return out;
}

/** Allocator so packed arrays can live in a SharedArrayBuffer (shared with worker threads). */
export type Alloc = (bytes: number) => ArrayBufferLike;

/**
 * Group columns into one SkillData per skill (skills in order of first appearance). Pass
 * `shared: true` to put the arrays in SharedArrayBuffers.
 */
export function groupBySkill(cols: RowColumns, options: { shared?: boolean } = {}): SkillData[] {
  const alloc: Alloc = options.shared ? (b) => new SharedArrayBuffer(b) : (b) => new ArrayBuffer(b);
  const n = cols.length;
  const rank = userRanks(cols.users.names);
  let perm: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  perm = countingSort(perm, (r) => rank[cols.user[r] as number] as number, cols.users.names.length);
  perm = countingSort(perm, (r) => cols.skill[r] as number, cols.skills.names.length);
  const out: SkillData[] = [];
  let pos = 0;
  for (let s = 0; s < cols.skills.names.length; s++) {
    let end = pos;
    while (end < n && cols.skill[perm[end] as number] === s) end++;
    out.push(packSkill(cols, cols.skills.names[s] as string, perm.subarray(pos, end), alloc));
    pos = end;
  }
  return out;
}

function packSkill(cols: RowColumns, skill: string, rows: Int32Array, alloc: Alloc): SkillData {
  const m = rows.length;
  // Sort each student's rows by order (stable: ties keep input order) when not already sorted.
  const starts: number[] = [];
  const seqUser: number[] = [];
  for (let i = 0; i < m; i++) {
    const u = cols.user[rows[i] as number] as number;
    if (i === 0 || u !== cols.user[rows[i - 1] as number]) {
      starts.push(i);
      seqUser.push(u);
    }
  }
  starts.push(m);
  for (let s = 0; s + 1 < starts.length; s++) {
    const a = starts[s] as number;
    const b = starts[s + 1] as number;
    let sorted = true;
    for (let i = a + 1; i < b && sorted; i++) {
      if ((cols.order[rows[i] as number] as number) < (cols.order[rows[i - 1] as number] as number)) sorted = false;
    }
    if (!sorted) {
      const seg = Array.from(rows.subarray(a, b));
      seg.sort((x, y) => (cols.order[x] as number) - (cols.order[y] as number) || x - y);
      rows.set(seg, a);
    }
  }
  const gsMap = new Map<number, number>();
  const learnMap = new Map<number, number>();
  const gsNames: string[] = [];
  const learnNames: string[] = [];
  const correct = new Int8Array(alloc(m));
  const gsClass = new Int32Array(alloc(4 * m));
  const learnClass = new Int32Array(alloc(4 * m));
  const rowIndex = new Int32Array(alloc(4 * m));
  for (let i = 0; i < m; i++) {
    const r = rows[i] as number;
    const g = cols.gs[r] as number;
    const l = cols.learn[r] as number;
    let gi = gsMap.get(g);
    if (gi === undefined) {
      gi = gsNames.length;
      gsMap.set(g, gi);
      gsNames.push(cols.gsNames.names[g] as string);
    }
    let li = learnMap.get(l);
    if (li === undefined) {
      li = learnNames.length;
      learnMap.set(l, li);
      learnNames.push(cols.learnNames.names[l] as string);
    }
    correct[i] = cols.correct[r] as number;
    gsClass[i] = gi;
    learnClass[i] = li;
    rowIndex[i] = r;
  }
  const seqStarts = new Int32Array(alloc(4 * starts.length));
  seqStarts.set(starts);
  const su = new Int32Array(alloc(4 * seqUser.length));
  su.set(seqUser);
  return { skill, seqStarts, correct, gsClass, learnClass, rowIndex, seqUser: su, classes: { gs: gsNames, learn: learnNames } };
}

/** A row for building data from code (the per-course refit builds these from attempts). */
export interface MasteryRow {
  userId: string | number;
  skill: string;
  order: number;
  /** true/1 correct, false/0 incorrect, null/-1 missing. */
  correct: boolean | number | null;
  gsClass?: string | number;
  learnClass?: string | number;
}

/** Build packed per-skill data from row objects. */
export function buildDataset(rows: Iterable<MasteryRow>): SkillData[] {
  const cols = new RowColumns();
  let line = 0;
  for (const r of rows) {
    line++;
    const c =
      r.correct === null || r.correct === -1
        ? -1
        : r.correct === true || r.correct === 1
          ? 1
          : r.correct === false || r.correct === 0
            ? 0
            : NaN;
    if (Number.isNaN(c)) throw new RangeError(`row ${line}: correct must be true/false, 1/0 or -1/null`);
    if (!Number.isFinite(r.order)) throw new RangeError(`row ${line}: order must be a finite number`);
    cols.push(r.skill, String(r.userId), r.order, c as -1 | 0 | 1, String(r.gsClass ?? 'default'), String(r.learnClass ?? 'default'), line);
  }
  return groupBySkill(cols);
}

/** The sequences of `d` for which `keep(sequence index)` holds, with the same class tables. */
export function subsetSequences(d: SkillData, keep: (seq: number) => boolean): SkillData {
  const seqs: number[] = [];
  let m = 0;
  for (let s = 0; s + 1 < d.seqStarts.length; s++) {
    if (keep(s)) {
      seqs.push(s);
      m += (d.seqStarts[s + 1] as number) - (d.seqStarts[s] as number);
    }
  }
  const out: SkillData = {
    skill: d.skill,
    seqStarts: new Int32Array(seqs.length + 1),
    correct: new Int8Array(m),
    gsClass: new Int32Array(m),
    learnClass: new Int32Array(m),
    rowIndex: new Int32Array(m),
    seqUser: new Int32Array(seqs.length),
    classes: d.classes,
  };
  let pos = 0;
  seqs.forEach((s, k) => {
    const a = d.seqStarts[s] as number;
    const b = d.seqStarts[s + 1] as number;
    out.seqStarts[k] = pos;
    out.seqUser[k] = d.seqUser[s] as number;
    out.correct.set(d.correct.subarray(a, b), pos);
    out.gsClass.set(d.gsClass.subarray(a, b), pos);
    out.learnClass.set(d.learnClass.subarray(a, b), pos);
    out.rowIndex.set(d.rowIndex.subarray(a, b), pos);
    pos += b - a;
  });
  out.seqStarts[seqs.length] = pos;
  return out;
}
