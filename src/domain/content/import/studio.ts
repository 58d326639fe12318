/**
 * What the content studio does with an upload before a teacher confirms it, kept pure so it is
 * tested without a server: import (same rules as the CLI), enforce the studio's limits, put small
 * pictures inline (the course's content has no file store), propose the course skill each question
 * belongs to, and run every question through Pathwise's own checker so a question whose right
 * answer would be marked wrong never reaches a student.
 */
import { ContentImportError, type ImportProblems } from '../errors.ts';
import { buildPack, checkAnswer, correctResponse, instantiateItem, listSkills } from '../index.ts';
import type { ItemInstance, Pack } from '../types.ts';
import { ITEM_CLASSES, type ImportResult } from './common.ts';
import { importGift } from './gift.ts';
import { importMoodleXml } from './moodleXml.ts';

export const STUDIO_LIMITS = { bytes: 1_000_000, questions: 200, pictureBytes: 300_000 } as const;

const PICTURE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

export interface StudioQuestion {
  /** The item as it will be stored (pack item format), id prefixed so it never clashes with the bundled pack. */
  item: Record<string, unknown>;
  name: string;
  moodleType: string;
  category: string;
  proposedSkill: string;
  /** Pathwise's checker accepts the right answer and refuses a wrong one. */
  checked: boolean;
}

export interface StudioUpload {
  questions: StudioQuestion[];
  skipped: ImportResult['skipped'];
}

const WORD = /[a-z]+/g;
const STOP = new Set([
  'the',
  'a',
  'an',
  'of',
  'and',
  'or',
  'to',
  'is',
  'in',
  'on',
  'for',
  'with',
  'what',
  'which',
  'how',
  'do',
  'we',
  'you',
  'it',
  'be',
  'are',
  'this',
  'that',
  'as',
  'by',
  'from',
  'its',
  'your',
  'at',
  'p',
  'strong',
  'grade',
  'question',
  'questions',
]);
const words = (text: string): string[] =>
  (text.toLowerCase().match(WORD) ?? []).filter((w) => w.length > 1 && !STOP.has(w)).map((w) => w.replace(/(s|es)$/, ''));

/**
 * The course skill whose title and description share the most telling words with the question's
 * category and text. Words are weighted by how rare they are among the skills (a word every skill
 * uses, like "fraction", tells nothing); the category counts twice. The teacher can change it.
 */
export function proposeSkill(pack: Pack, category: string, text: string): string {
  const skillWords = pack.skills.map((s) => ({
    id: s.id,
    words: new Set(words(`${s.title} ${s.description}`)),
    title: new Set(words(s.title)),
  }));
  const df = new Map<string, number>();
  for (const s of skillWords) for (const w of s.words) df.set(w, (df.get(w) ?? 0) + 1);
  const q = new Map<string, number>();
  for (const w of words(category)) q.set(w, (q.get(w) ?? 0) + 2);
  for (const w of words(text)) q.set(w, (q.get(w) ?? 0) + 1);
  let best = { id: pack.skills[0]?.id ?? '', score: 0 };
  for (const s of skillWords) {
    let score = 0;
    for (const [w, n] of q) if (s.words.has(w)) score += n * Math.log(skillWords.length / (df.get(w) ?? 1)) * (s.title.has(w) ? 2 : 1);
    if (score > best.score) best = { id: s.id, score };
  }
  return best.id;
}

function wrongAnswer(inst: ItemInstance): unknown {
  const q = inst.question;
  switch (q.type) {
    case 'choice':
      return q.multiple ? q.choices.filter((c) => c.score <= 0).map((c) => c.id) : q.choices.find((c) => c.score <= 0)?.id;
    case 'truefalse':
      return !q.answer;
    case 'numeric': {
      const v = q.answer ?? q.answers?.[0]?.value ?? 0;
      return String(Math.abs(v) * 7 + 1013.25);
    }
    case 'text':
      return 'qqq zzz 000';
    case 'matching':
      return q.pairs.length < 2 ? {} : Object.fromEntries(q.pairs.map((p, i) => [p.id, q.pairs[(i + 1) % q.pairs.length]?.answer]));
    default:
      return undefined;
  }
}

/** True when the checker gives full marks to the right answer and not to a wrong one. */
export function selfCheck(pack: Pack, itemId: string): boolean {
  const inst = instantiateItem(pack, itemId, 1);
  const right = correctResponse(inst.question);
  if (right === undefined || checkAnswer(inst, right).outcome !== 'correct') return false;
  const wrong = wrongAnswer(inst);
  return wrong === undefined || (Array.isArray(wrong) && wrong.length === 0) || checkAnswer(inst, wrong).outcome !== 'correct';
}

/** Replaces files/<id>/<name> references with data: URIs; refuses big or unknown pictures. */
function inlinePictures(result: ImportResult): ImportResult {
  const problems: ImportProblems = [];
  const items = (result.pack.items as Record<string, unknown>[]).map((it) => {
    let prompt = String(it.prompt);
    for (const f of result.files.filter((x) => x.path.startsWith(`files/${String(it.id)}/`))) {
      const type = PICTURE_TYPES[f.path.split('.').pop()?.toLowerCase() ?? ''];
      const line = result.imported.find((i) => i.itemId === it.id)?.line ?? 1;
      if (!type) {
        problems.push({
          line,
          message: `The picture "${f.path.split('/').pop()}" is not a PNG, JPEG, GIF or WebP picture. Save it in one of those formats.`,
        });
        continue;
      }
      if (f.data.length > STUDIO_LIMITS.pictureBytes) {
        problems.push({
          line,
          message: `The picture "${f.path.split('/').pop()}" is ${Math.round(f.data.length / 1000)} KB; pictures can be at most ${STUDIO_LIMITS.pictureBytes / 1000} KB. Make it smaller and export again.`,
        });
        continue;
      }
      prompt = prompt.split(`src="${f.path}"`).join(`src="data:${type};base64,${Buffer.from(f.data).toString('base64')}"`);
    }
    return { ...it, prompt: prompt.replace(/<img[^>]*src="(?:@@PLUGINFILE@@|files\/)[^"]*"[^>]*>/g, '') };
  });
  if (problems.length) throw new ContentImportError(problems);
  return { ...result, pack: { ...result.pack, items }, files: [] };
}

/**
 * Reads an upload (Moodle XML or GIFT) for a course whose pack is `pack`. Throws
 * ContentImportError with every problem (nothing is kept) when the file is too big, has too many
 * questions, or breaks Moodle's rules.
 */
export function prepareUpload(source: string, format: 'moodle-xml' | 'gift', pack: Pack, sourceName: string): StudioUpload {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > STUDIO_LIMITS.bytes)
    throw new ContentImportError([
      {
        line: 1,
        message: `The file is ${Math.round(bytes / 1000)} KB; the limit is ${STUDIO_LIMITS.bytes / 1000} KB. Export fewer questions at a time (for example one category).`,
      },
    ]);
  const raw = format === 'gift' ? importGift(source, { sourceName }) : importMoodleXml(source, { sourceName });
  if (raw.imported.length > STUDIO_LIMITS.questions)
    throw new ContentImportError([
      {
        line: 1,
        message: `The file has ${raw.imported.length} questions; the limit is ${STUDIO_LIMITS.questions} at a time. Export one category at a time.`,
      },
    ]);
  const result = inlinePictures(raw);
  const checkPack = buildPack(result.pack);
  const skillTitle = new Map((result.pack.skills as { id: string; title: string; parent?: string }[]).map((s) => [s.id, s]));
  const categoryOf = (skillId: string): string => {
    const names: string[] = [];
    for (let s = skillTitle.get(skillId); s; s = s.parent ? skillTitle.get(s.parent) : undefined) names.unshift(s.title);
    return names.join(' / ');
  };
  const questions = (result.pack.items as Record<string, unknown>[]).map((it, i) => {
    const info = result.imported[i]!;
    const category = categoryOf((it.skills as string[])[0] ?? '');
    const text = `${info.name} ${String(it.prompt).replace(/<[^>]*>/g, ' ')}`;
    const proposedSkill = proposeSkill(pack, category, text);
    const item = { ...it, id: `course-${String(it.id)}`, skills: [proposedSkill] };
    return { item, name: info.name, moodleType: info.type, category, proposedSkill, checked: selfCheck(checkPack, String(it.id)) };
  });
  return { questions, skipped: raw.skipped };
}

/**
 * The course's pack: the bundled pack plus the course's own items (validated again, so a stored
 * item that no longer fits is left out rather than breaking practice) and the course's resource
 * lists, which replace the pack's list for their skill. The bundled pack object is not changed.
 */
export function withCourseContent(
  pack: Pack,
  items: Record<string, unknown>[],
  resources: Map<string, unknown[]>,
): { pack: Pack; dropped: string[] } {
  const known = new Set(listSkills(pack).map((s) => s.id));
  const dropped: string[] = [];
  const kept: Pack['items'] = [];
  const ids = new Set(pack.items.map((i) => i.id));
  for (const raw of items) {
    try {
      if (ids.has(String(raw.id)) || !(raw.skills as string[] | undefined)?.every((s) => known.has(s))) throw new Error('clash');
      const one = buildPack({
        id: 'course',
        title: 'Course',
        subject: pack.subject,
        gradeBand: pack.gradeBand,
        language: pack.language,
        licence: pack.licence,
        version: '1.0.0',
        itemClasses: ITEM_CLASSES,
        skills: (raw.skills as string[]).map((id) => ({ id, title: id, description: id })),
        items: [raw],
      });
      kept.push(...one.items);
      ids.add(String(raw.id));
    } catch {
      dropped.push(String(raw.id));
    }
  }
  const skills = pack.skills.map((s) => (resources.has(s.id) ? { ...s, resources: resources.get(s.id) as typeof s.resources } : s));
  return { pack: { ...pack, itemClasses: { ...ITEM_CLASSES, ...pack.itemClasses }, skills, items: [...pack.items, ...kept] }, dropped };
}
