/**
 * Seeded state and its persistence. Without a state file everything lives in memory (tests);
 * with one, every mutation rewrites the file atomically (temp file + rename) so `npm start`
 * keeps registrations, links, line items, grades and the platform keys across restarts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Course, CourseRole, Flavour, SandboxState, User } from './types.ts';
import { generatePlatformKey } from './keys.ts';

type Person = [given: string, family: string];

const CANVAS_PEOPLE: Person[] = [
  ['Amara', 'Okonkwo'],
  ['Mira', 'Castellanos'],
  ['Tobias', 'Lindqvist'],
  ['Nia', 'Odhiambo'],
  ['Kenji', 'Watanabe'],
  ['Sofia', 'Brandt'],
];
const MOODLE_PEOPLE: Person[] = [
  ['Henrik', 'Vos'],
  ['Lena', 'Moreau'],
  ['Omar', 'Haddad'],
  ['Priya', 'Raman'],
  ['Jonas', 'Keller'],
  ['Ines', 'Duarte'],
  ['Tariq', 'Bello'],
];

function people(flavour: Flavour, list: Person[], firstId: number, domain: string): User[] {
  return list.map(([given, family], i) => {
    const id = String(firstId + i);
    const role: CourseRole = i === 0 ? 'teacher' : 'student';
    const login = `${given}.${family}`.toLowerCase();
    return {
      id,
      sub: flavour === 'canvas' ? randomUUID() : id,
      name: `${given} ${family}`,
      givenName: given,
      familyName: family,
      email: `${login}@${domain}`,
      loginId: login,
      role,
    };
  });
}

/** Builds a fresh state: keys, one course per flavour with a teacher, students and one graded activity. */
export function seedState(nowMs: number): SandboxState {
  const created = new Date(nowMs).toISOString();
  const canvasCourse: Course = {
    id: '101',
    flavour: 'canvas',
    title: 'Canvas sandbox course',
    label: 'CNV-101',
    members: people('canvas', CANVAS_PEOPLE, 1001, 'canvas.sandbox.test'),
  };
  const moodleCourse: Course = {
    id: '2',
    flavour: 'moodle',
    title: 'Moodle sandbox course',
    label: 'MDL-2',
    members: people('moodle', MOODLE_PEOPLE, 3, 'moodle.sandbox.test'),
  };
  const canvasLinkId = randomUUID();
  return {
    version: 1,
    keys: { canvas: generatePlatformKey(), moodle: generatePlatformKey() },
    hintSecret: randomBytes(32).toString('base64url'),
    courses: [canvasCourse, moodleCourse],
    resourceLinks: [
      { id: canvasLinkId, courseId: '101', title: 'Pathwise practice', custom: {}, createdAt: created },
      { id: '1', courseId: '2', title: 'Pathwise practice', custom: {}, createdAt: created },
    ],
    lineItems: [
      { id: '1', courseId: '101', label: 'Pathwise practice', scoreMaximum: 10, resourceLinkId: canvasLinkId, isDefault: true },
      { id: '2', courseId: '2', label: 'Pathwise practice', scoreMaximum: 100, resourceLinkId: '1', isDefault: true },
    ],
    results: [],
    gradebook: [],
    registrations: [],
    nextId: 10,
  };
}

/** Holds the state and writes it back after each mutation when a file is configured. */
export class SandboxStore {
  readonly state: SandboxState;
  private readonly file: string | undefined;

  constructor(state: SandboxState, file?: string) {
    this.state = state;
    this.file = file;
  }

  /** Loads the state file if it exists (seeding and writing it otherwise). */
  static open(file: string | undefined, nowMs: number): SandboxStore {
    if (file && existsSync(file)) {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
      if (parsed.version !== 1) throw new Error(`Unsupported sandbox state version in ${file}`);
      return new SandboxStore(parsed, file);
    }
    const store = new SandboxStore(seedState(nowMs), file);
    store.save();
    return store;
  }

  /**
   * Allocates a numeric-looking id, unique within this sandbox: ids the seed (or an older state
   * file) already gave a course, a member, a link or a line item are skipped, so the counter
   * reaching 101 never makes a second course 101.
   */
  nextId(): string {
    const s = this.state;
    const used = new Set([
      ...s.courses.flatMap((c) => [c.id, ...c.members.map((m) => m.id)]),
      ...s.resourceLinks.map((l) => l.id),
      ...s.lineItems.map((l) => l.id),
    ]);
    let id = s.nextId;
    while (used.has(String(id))) id++;
    s.nextId = id + 1;
    return String(id);
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 2));
    renameSync(tmp, this.file);
  }

  course(courseId: string): Course | undefined {
    return this.state.courses.find((c) => c.id === courseId);
  }

  courseOf(flavour: Flavour): Course {
    const course = this.state.courses.find((c) => c.flavour === flavour);
    if (!course) throw new Error(`No ${flavour} course seeded`);
    return course;
  }

  member(courseId: string, userId: string): User | undefined {
    return this.course(courseId)?.members.find((u) => u.id === userId);
  }

  memberBySub(courseId: string, sub: string): User | undefined {
    return this.course(courseId)?.members.find((u) => u.sub === sub);
  }
}
