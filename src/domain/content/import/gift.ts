/**
 * GIFT parser (Moodle's plain-text question format), written from the format's documentation.
 * Questions are separated by blank lines; "//" lines are comments; "$CATEGORY:" sets the
 * category. Escapes (\~ \= \# \{ \} \: \n) are honoured. Every syntax error is collected with its
 * line number and, if there is any, nothing is imported.
 */
import { ContentImportError, type ImportProblems } from '../errors.ts';
import { htmlToText, sanitise } from '../present.ts';
import type { Question } from '../types.ts';
import { sumProblem } from './grades.ts';
import { buildPack, categoryPath, type ImportedQuestion, type ImportOptions, type ImportResult } from './common.ts';
import { numerical } from './giftNumerical.ts';
import { plain, protect, restore, splitAnswers } from './giftText.ts';

function parseBlock(block: string, line: number, category: string[], problems: ImportProblems): ImportedQuestion | null {
  let text = protect(block);
  let name = '';
  const title = /^\s*::([^]*?)::/.exec(text);
  if (title) {
    name = restore(title[1] ?? '').trim();
    text = text.slice(title[0].length);
  }
  const open = text.indexOf('{');
  const close = text.indexOf('}', open + 1);
  const lineAt = (offset: number): number =>
    line +
    protect(block)
      .slice(0, (title?.[0].length ?? 0) + offset)
      .split('\n').length -
    1;
  if (open === -1) {
    if (text.includes('}')) {
      problems.push({ line: lineAt(text.indexOf('}')), message: 'closing "}" without an opening "{"' });
      return null;
    }
    const prompt = plain(text);
    return {
      name: name || prompt.slice(0, 40),
      line,
      category,
      moodleType: 'description',
      question: null,
      skipReason: 'is a description, not a question',
    };
  }
  if (close === -1) {
    problems.push({ line: lineAt(open), message: 'unclosed "{": every answer block needs a closing "}"' });
    return null;
  }
  if (text.indexOf('{', open + 1) !== -1 && text.indexOf('{', open + 1) < close) {
    problems.push({ line: lineAt(open), message: 'nested "{" inside an answer block (escape it as \\{)' });
    return null;
  }
  const before = text.slice(0, open);
  const after = text.slice(close + 1).trim();
  const answerText = text.slice(open + 1, close);
  const format = /^\s*\[(html|moodle|plain|markdown)\]/.exec(before)?.[1];
  const stem = restore(format ? before.replace(/^\s*\[(html|moodle|plain|markdown)\]/, '') : before).trim();
  const promptRaw = after ? `${stem} _____ ${restore(after)}` : stem;
  const html = format === 'html' || format === 'moodle';
  const prompt = {
    prompt: html ? sanitise(promptRaw) || '(no text)' : promptRaw || '(no text)',
    ...(html ? { promptFormat: 'html' as const } : {}),
  };
  const qName = name || htmlToText(promptRaw).slice(0, 40);
  const base = { name: qName, line, category };
  const firstAnswerLine = lineAt(open);
  let body = answerText;
  let general: string | undefined;
  const gi = body.indexOf('####');
  if (gi !== -1) {
    // General feedback without its own [format] prefix is in the question's format (Moodle writes HTML).
    const raw = body.slice(gi + 4);
    general = html && !/^\s*\[/.test(raw) ? htmlToText(restore(raw).trim()) : plain(raw);
    body = body.slice(0, gi);
  }
  const trimmed = body.trim();
  const withGeneral = <T extends object>(x: T): T & { feedback?: { general?: string; incorrect?: string } } =>
    general ? { ...x, feedback: { general } } : x;
  if (trimmed === '') return { ...base, moodleType: 'essay', question: null, skipReason: 'not auto-gradable' };
  const tf = /^(T|TRUE|F|FALSE)\s*(#[^]*)?$/i.exec(trimmed);
  if (tf) {
    const answer = /^t/i.test(tf[1] ?? '');
    const [, wrong = '', right = ''] = (tf[2] ?? '').split('#');
    const q: Question = {
      type: 'truefalse',
      ...prompt,
      answer,
      ...(answer
        ? { feedbackTrue: plain(right), feedbackFalse: plain(wrong) }
        : { feedbackTrue: plain(wrong), feedbackFalse: plain(right) }),
    };
    return withGeneral({ ...base, moodleType: 'truefalse', question: q });
  }
  if (trimmed.startsWith('#')) return withGeneral(numerical(trimmed.slice(1), base, prompt, firstAnswerLine, problems));
  const problemsBefore = problems.length;
  const answers = splitAnswers(body, firstAnswerLine, problems, qName);
  const weightsOk = problems.length === problemsBefore;
  if (answers.length === 0) {
    problems.push({ line: firstAnswerLine, message: 'answers must start with "=" (right) or "~" (wrong)' });
    return null;
  }
  if (answers.every((a) => a.mark === '=') && answers.some((a) => a.text.includes('->'))) {
    const pairs = answers
      .filter((a) => plain(a.text.split('->')[0] ?? '') !== '')
      .map((a) => ({ prompt: plain(a.text.split('->')[0] ?? ''), answer: plain(a.text.split('->').slice(1).join('->')) }));
    const distractors = answers
      .filter((a) => plain(a.text.split('->')[0] ?? '') === '')
      .map((a) => plain(a.text.split('->').slice(1).join('->')))
      .filter(Boolean);
    const bad = answers.find((a) => !a.text.includes('->'));
    if (bad) problems.push({ line: bad.line, message: 'every matching answer needs "->"' });
    if (pairs.length < 2 || pairs.length + distractors.length < 3)
      problems.push({
        line: firstAnswerLine,
        message: `Question "${qName}": a matching question needs at least 2 pairs and 3 answers to choose from. Add a pair or an extra "= -> answer".`,
      });
    return withGeneral({
      ...base,
      moodleType: 'matching',
      question: { type: 'matching' as const, ...prompt, pairs, ...(distractors.length ? { distractors } : {}) },
    });
  }
  if (answers.every((a) => a.mark === '=')) {
    const list = answers.map((a) => ({
      text: plain(a.text),
      score: a.weight ?? 1,
      ...(a.feedback ? { feedback: plain(a.feedback) } : {}),
    }));
    const rule = weightsOk
      ? sumProblem(
          'short-answer',
          qName,
          list.map((a) => a.score),
        )
      : null;
    if (rule) problems.push({ line: firstAnswerLine, message: rule });
    return withGeneral({ ...base, moodleType: 'shortanswer', question: { type: 'text' as const, ...prompt, answers: list } });
  }
  const single = answers.some((a) => a.mark === '=');
  const choices = answers.map((a) => ({
    text: plain(a.text),
    score: a.mark === '=' ? 1 : (a.weight ?? 0),
    ...(a.feedback ? { feedback: plain(a.feedback) } : {}),
  }));
  if (single && answers.filter((a) => a.mark === '=').length > 1)
    problems.push({
      line: firstAnswerLine,
      message: 'a multiple-choice question may have only one "=" answer (use ~%weight% for several)',
    });
  if (choices.length < 2)
    problems.push({
      line: firstAnswerLine,
      message: `Question "${qName}": a multiple-choice question needs at least 2 answers. Add another "~" answer.`,
    });
  const rule = weightsOk
    ? sumProblem(
        single ? 'single-choice' : 'multiple-choice',
        qName,
        choices.map((c) => c.score),
      )
    : null;
  if (rule) problems.push({ line: firstAnswerLine, message: rule });
  return withGeneral({
    ...base,
    moodleType: 'multichoice',
    classKey: single ? 'moodle-multichoice' : 'moodle-multichoice-multi',
    question: { type: 'choice' as const, ...prompt, ...(single ? {} : { multiple: true }), choices },
  });
}

/** Parses GIFT text into questions (throws ContentImportError listing every syntax error). */
export function parseGift(source: string): ImportedQuestion[] {
  const problems: ImportProblems = [];
  const out: ImportedQuestion[] = [];
  let category: string[] = [];
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  let block: string[] = [];
  let start = 0;
  const flush = (): void => {
    if (block.length) {
      const q = parseBlock(block.join('\n'), start, category, problems);
      if (q) out.push(q);
    }
    block = [];
  };
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('//')) return;
    if (trimmed === '') {
      flush();
      return;
    }
    const cat = /^\$CATEGORY:\s*(.*)$/.exec(trimmed);
    if (cat) {
      flush();
      category = categoryPath(cat[1] ?? '');
      return;
    }
    if (!block.length) start = i + 1;
    block.push(raw);
  });
  flush();
  if (problems.length) throw new ContentImportError(problems.sort((a, b) => a.line - b.line));
  return out;
}

/** GIFT file text -> validated pack data plus the import summary. */
export function importGift(source: string, options: ImportOptions = {}): ImportResult {
  return buildPack(parseGift(source), new Map(), options);
}
