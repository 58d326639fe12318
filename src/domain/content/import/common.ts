/**
 * Shared by the GIFT and Moodle XML importers: both parse into ImportedQuestion records, and
 * this module turns them into a pack (categories become skills, Moodle types become our item
 * types and classes), then validates that pack with the normal validator so an import can never
 * produce a pack that Pathwise would refuse to load.
 */
import { ContentImportError, ContentValidationError } from '../errors.ts';
import type { Question } from '../types.ts';
import { validatePack } from '../validate.ts';

export interface ImportedQuestion {
  name: string;
  line: number;
  /** Category path segments, e.g. ["Iota", "Kappa"]; empty for the default category. */
  category: string[];
  moodleType: string;
  /** null when skipped; see skipReason. */
  question: Question | null;
  skipReason?: string;
  classKey?: string;
  hints?: string[];
  feedback?: { correct?: string; incorrect?: string; general?: string };
  files?: { name: string; data: Uint8Array }[];
}

export interface ImportOptions {
  title?: string;
  /** Nested categories become prerequisite chains (parent before child) instead of a hierarchy. */
  nestedAsPrerequisites?: boolean;
  sourceName?: string;
}

export interface ImportResult {
  /** Raw pack data (valid: it passed validatePack), ready to write as JSON. */
  pack: Record<string, unknown>;
  /** Embedded files to write next to the pack, paths relative to the pack folder. */
  files: { path: string; data: Uint8Array }[];
  imported: { name: string; line: number; type: string; itemId: string }[];
  skipped: { name: string; line: number; type: string; reason: string }[];
}

export const ITEM_CLASSES: Record<string, { title: string; guess: number; slip: number }> = {
  'moodle-multichoice': { title: 'Multiple choice (one answer)', guess: 0.25, slip: 0.1 },
  'moodle-multichoice-multi': { title: 'Multiple choice (several answers)', guess: 0.1, slip: 0.1 },
  'moodle-truefalse': { title: 'True or false', guess: 0.5, slip: 0.1 },
  'moodle-shortanswer': { title: 'Short answer', guess: 0.05, slip: 0.1 },
  'moodle-numerical': { title: 'Numerical', guess: 0.05, slip: 0.1 },
  'moodle-matching': { title: 'Matching', guess: 0.1, slip: 0.1 },
};

/** A readable id fragment: "2-08 TSL" -> "2-08-tsl". */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.slice(0, 60) || 'q';
}

const CATEGORY_ROOT = /^\$(course|system|module|cat\d*)\$$/i;
/** "$course$/Iota/Kappa" -> ["Iota", "Kappa"]; "//" is Moodle's escaped slash. */
export function categoryPath(text: string): string[] {
  // A private-use character stands in for Moodle's escaped slash while the path is split.
  const parts = text
    .replace(/\/\//g, '\uE000')
    .split('/')
    .map((s) => s.replace(/\uE000/g, '/').trim());
  // Moodle 3.5+ writes "$course$/top/...": "top" is the hidden root of every context, not a category a teacher made.
  const rooted = parts.length > 0 && CATEGORY_ROOT.test(parts[0] ?? '');
  const rest = rooted ? parts.slice(parts[1] === 'top' ? 2 : 1) : parts;
  return rest.filter((s) => s !== '');
}

/** Builds and validates the pack; throws ContentImportError if nothing importable remains. */
export function buildPack(questions: ImportedQuestion[], categoryInfo: Map<string, string>, options: ImportOptions): ImportResult {
  const nested = options.nestedAsPrerequisites === true;
  const skills = new Map<string, { id: string; title: string; description: string; parent?: string; prerequisites: string[] }>();
  const skillFor = (path: string[]): string => {
    const segments = path.length ? path : ['Imported questions'];
    let parent: string | undefined;
    for (let i = 0; i < segments.length; i++) {
      const key = segments.slice(0, i + 1);
      const id = slug(key.join(' '));
      if (!skills.has(id)) {
        const title = segments[i] as string;
        const description = categoryInfo.get(key.join('/')) || `Questions imported from the category "${key.join(' / ')}".`;
        skills.set(id, {
          id,
          title,
          description,
          prerequisites: nested && parent ? [parent] : [],
          ...(!nested && parent ? { parent } : {}),
        });
      }
      parent = id;
    }
    return parent as string;
  };
  const ids = new Set<string>();
  const items: Record<string, unknown>[] = [];
  const files: ImportResult['files'] = [];
  const imported: ImportResult['imported'] = [];
  const skipped: ImportResult['skipped'] = [];
  const classes: Record<string, (typeof ITEM_CLASSES)[string]> = {};
  for (const q of questions) {
    if (!q.question) {
      skipped.push({ name: q.name, line: q.line, type: q.moodleType, reason: q.skipReason ?? 'not supported' });
      continue;
    }
    let id = slug(q.name);
    for (let n = 2; ids.has(id); n++) id = `${slug(q.name)}-${n}`;
    ids.add(id);
    const classKey = q.classKey ?? `moodle-${q.moodleType}`;
    classes[classKey] = ITEM_CLASSES[classKey] ?? { title: q.moodleType, guess: 0.1, slip: 0.1 };
    let question = q.question;
    for (const f of q.files ?? []) {
      const path = `files/${id}/${f.name}`;
      files.push({ path, data: f.data });
      question = {
        ...question,
        prompt: question.prompt
          .split(`@@PLUGINFILE@@/${f.name}`)
          .join(path)
          .split(`@@PLUGINFILE@@/${encodeURIComponent(f.name)}`)
          .join(path),
      };
    }
    const feedback = q.feedback && Object.values(q.feedback).some(Boolean) ? { feedback: q.feedback } : {};
    items.push({ id, skills: [skillFor(q.category)], class: classKey, ...question, hints: q.hints ?? [], ...feedback });
    imported.push({ name: q.name, line: q.line, type: q.moodleType, itemId: id });
  }
  if (items.length === 0) {
    throw new ContentImportError([
      { line: 1, message: `no question could be imported${skipped.length ? ` (${skipped.length} skipped)` : ''}` },
    ]);
  }
  const title = options.title ?? `Imported from ${options.sourceName ?? 'Moodle'}`;
  const pack: Record<string, unknown> = {
    format: 'pathwise-pack/1',
    id: slug(title),
    title,
    subject: 'Imported',
    gradeBand: 'any',
    language: 'en',
    licence: 'Owned by the teacher who exported it',
    version: '1.0.0',
    description: `Converted from a Moodle question bank export${options.sourceName ? ` (${options.sourceName})` : ''}.`,
    itemClasses: classes,
    skills: [...skills.values()],
    items,
  };
  try {
    validatePack(pack);
  } catch (e) {
    if (e instanceof ContentValidationError) {
      const lineOf = (path: string): number => {
        const m = /^items\[(\d+)\]/.exec(path);
        return m ? (imported[Number(m[1])]?.line ?? 1) : 1;
      };
      throw new ContentImportError(e.problems.map((p) => ({ line: lineOf(p.path), message: `${p.path}: ${p.message}` })));
    }
    throw e;
  }
  return { pack, files, imported, skipped };
}

/** The one-line summary the CLI prints, e.g. `12 questions imported, 2 skipped: essay "Q8" (line 2) not auto-gradable`. */
export function summarise(r: Pick<ImportResult, 'imported' | 'skipped'>): string {
  const head = `${r.imported.length} question${r.imported.length === 1 ? '' : 's'} imported`;
  if (!r.skipped.length) return head;
  return `${head}, ${r.skipped.length} skipped: ${r.skipped.map((s) => `${s.type} "${s.name}" (line ${s.line}) ${s.reason}`).join('; ')}`;
}
