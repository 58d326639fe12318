/**
 * Moodle XML importer. fast-xml-parser does not report element positions, so line numbers are
 * computed from the raw text: comments and CDATA are blanked (keeping newlines) and the n-th
 * "<question" tag is matched with the n-th parsed question; answers likewise inside it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ContentImportError, type ImportProblems } from '../errors.ts';
import { sanitise } from '../present.ts';
import type { Question } from '../types.ts';
import { buildPack, categoryPath, type ImportedQuestion, type ImportOptions, type ImportResult } from './common.ts';
import { formatOf, fraction, list, plainOf, SKIP, str, sumRule, textOf, type Node } from './moodleXmlNodes.ts';

const ARRAYS = new Set(['question', 'answer', 'subquestion', 'hint', 'file', 'unit']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
  processEntities: true,
  htmlEntities: true,
});

function blankOut(xml: string): string {
  return xml.replace(/<!--[^]*?-->|<!\[CDATA\[[^]*?\]\]>/g, (m) => m.replace(/[^\n]/g, ' '));
}
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;
function offsets(text: string, tag: string, from = 0, to = text.length): number[] {
  const re = new RegExp(`<${tag}\\b`, 'g');
  re.lastIndex = from;
  const out: number[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < to) out.push(m.index);
  return out;
}

function convert(
  q: Node,
  type: string,
  name: string,
  lines: { question: number; answers: number[] },
  problems: ImportProblems,
): Pick<ImportedQuestion, 'question' | 'skipReason' | 'classKey' | 'feedback'> {
  const qt = q.questiontext;
  const promptHtml = textOf(qt);
  const html = formatOf(qt) !== 'plain_text' && formatOf(qt) !== 'markdown';
  const prompt = html
    ? { prompt: sanitise(promptHtml) || '(no text)', promptFormat: 'html' as const }
    : { prompt: promptHtml.trim() || '(no text)' };
  const answers = list(q.answer);
  const ansLine = (i: number): number => lines.answers[i] ?? lines.question;
  const general = plainOf(q.generalfeedback);
  const fb = {
    ...(general ? { general } : {}),
    ...(plainOf(q.correctfeedback) ? { correct: plainOf(q.correctfeedback) } : {}),
    ...(plainOf(q.incorrectfeedback) ? { incorrect: plainOf(q.incorrectfeedback) } : {}),
  };
  const feedback = Object.keys(fb).length ? { feedback: fb } : {};
  const done = (question: Question, classKey?: string): ReturnType<typeof convert> => ({
    question,
    ...(classKey ? { classKey } : {}),
    ...feedback,
  });
  const before = problems.length;
  switch (type) {
    case 'truefalse': {
      const fractions = answers.map((a, i) => fraction(a, ansLine(i), problems, name));
      sumRule('true-false', name, fractions, lines.question, problems, before);
      const right = fractions.findIndex((f) => f === 1);
      if (right === -1 || problems.length !== before) return { question: null };
      const answer = textOf(answers[right]).trim().toLowerCase() === 'true';
      const fbFor = (val: string): string => plainOf(answers.find((a) => textOf(a).trim().toLowerCase() === val)?.feedback);
      return done({
        type: 'truefalse',
        ...prompt,
        answer,
        ...(fbFor('true') ? { feedbackTrue: fbFor('true') } : {}),
        ...(fbFor('false') ? { feedbackFalse: fbFor('false') } : {}),
      });
    }
    case 'multichoice': {
      const single = str(q.single).trim() !== 'false' && str(q.single).trim() !== '0';
      const choices = answers.map((a, i) => ({
        text: plainOf(a) || '(empty)',
        score: fraction(a, ansLine(i), problems, name),
        ...(plainOf(a.feedback) ? { feedback: plainOf(a.feedback) } : {}),
      }));
      if (choices.length < 2)
        problems.push({
          line: lines.question,
          message: `Question "${name}": a multiple-choice question needs at least 2 answers. Add another answer.`,
        });
      sumRule(
        single ? 'single-choice' : 'multiple-choice',
        name,
        choices.map((c) => c.score),
        lines.question,
        problems,
        before,
      );
      return done(
        {
          type: 'choice',
          ...prompt,
          ...(single ? {} : { multiple: true }),
          ...(str(q.shuffleanswers) === '0' || str(q.shuffleanswers) === 'false' ? { shuffle: false } : {}),
          choices,
        },
        single ? 'moodle-multichoice' : 'moodle-multichoice-multi',
      );
    }
    case 'shortanswer': {
      const list2 = answers
        .map((a, i) => ({
          text: plainOf(a),
          score: fraction(a, ansLine(i), problems, name),
          ...(plainOf(a.feedback) ? { feedback: plainOf(a.feedback) } : {}),
        }))
        .filter((a) => a.text !== '');
      sumRule(
        'short-answer',
        name,
        list2.map((a) => a.score),
        lines.question,
        problems,
        before,
      );
      return done({ type: 'text', ...prompt, answers: list2, ...(str(q.usecase) === '1' ? { caseSensitive: true } : {}) });
    }
    case 'numerical': {
      const nums: { value: number; tolerance: number; score: number; feedback?: string }[] = [];
      let other: string | undefined;
      answers.forEach((a, i) => {
        const t = plainOf(a);
        if (t === '*') {
          other = plainOf(a.feedback) || other;
          return;
        }
        const value = Number(t);
        const tolerance = Number(str(a.tolerance) || '0');
        if (!Number.isFinite(value) || !Number.isFinite(tolerance) || tolerance < 0) {
          problems.push({
            line: ansLine(i),
            message: `Question "${name}", answer "${t}": the answer and its tolerance ("${str(a.tolerance)}") must be numbers. Write the answer as a number, such as 0.75.`,
          });
          return;
        }
        nums.push({
          value,
          tolerance,
          score: fraction(a, ansLine(i), problems, name),
          ...(plainOf(a.feedback) ? { feedback: plainOf(a.feedback) } : {}),
        });
      });
      sumRule(
        'numerical',
        name,
        nums.map((a) => a.score),
        lines.question,
        problems,
        before,
      );
      const units = list((q.units as Node | undefined)?.unit)
        .map((u) => ({ unit: str(u.unit_name).trim(), multiplier: Number(str(u.multiplier) || '1') }))
        .filter((u) => u.unit && u.multiplier > 0);
      const res = done({
        type: 'numeric',
        ...prompt,
        answers: nums,
        ...(units.length
          ? {
              units,
              ...(str(q.unitgradingtype) === '1' || str(q.unitgradingtype) === '2'
                ? { unitRequired: true, unitPenalty: Math.min(1, Math.max(0, Number(str(q.unitpenalty) || '0.1'))) }
                : {}),
            }
          : {}),
      });
      return other && res.question ? { ...res, feedback: { ...fb, incorrect: other } } : res;
    }
    case 'match':
    case 'matching': {
      const subs = list(q.subquestion);
      const answerOf = (s: Node): string => plainOf(list(s.answer)[0] ?? s.answer);
      const pairs = subs.filter((s) => plainOf(s) !== '').map((s) => ({ prompt: plainOf(s), answer: answerOf(s) }));
      const distractors = subs
        .filter((s) => plainOf(s) === '')
        .map(answerOf)
        .filter(Boolean);
      if (pairs.length < 2 || pairs.length + distractors.length < 3)
        problems.push({
          line: lines.question,
          message: `Question "${name}": a matching question needs at least 2 pairs and 3 answers to choose from. Add a pair or an extra wrong answer.`,
        });
      return done({ type: 'matching', ...prompt, pairs, ...(distractors.length ? { distractors } : {}) }, 'moodle-matching');
    }
    default:
      return { question: null, skipReason: SKIP[type] ?? `question type "${type}" is not supported` };
  }
}

/** Parses Moodle XML into questions and category descriptions (throws ContentImportError). */
export function parseMoodleXml(xml: string): { questions: ImportedQuestion[]; categories: Map<string, string> } {
  // Moodle never writes a DOCTYPE; one in an upload can only declare entities (entity expansion
  // attacks, external files), so it is refused before any parsing.
  const doctype = /<!DOCTYPE|<!ENTITY/i.exec(xml);
  if (doctype)
    throw new ContentImportError([
      {
        line: lineAt(xml, doctype.index),
        message:
          'This file declares its own XML entities (<!DOCTYPE or <!ENTITY>). Moodle exports never do, so it was refused. Export the questions again from Moodle.',
      },
    ]);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ContentImportError([{ line: valid.err.line, message: `invalid XML: ${valid.err.msg}` }]);
  const doc = parser.parse(xml) as Node;
  const quiz = doc.quiz as Node | undefined;
  if (!quiz || typeof quiz !== 'object')
    throw new ContentImportError([{ line: 1, message: 'not a Moodle XML export: the root element must be <quiz>' }]);
  const blank = blankOut(xml);
  const starts = offsets(blank, 'question');
  const problems: ImportProblems = [];
  const questions: ImportedQuestion[] = [];
  const categories = new Map<string, string>();
  let category: string[] = [];
  list(quiz.question).forEach((q, i) => {
    const start = starts[i] ?? 0;
    const end = starts[i + 1] ?? blank.length;
    const lines = { question: lineAt(blank, start), answers: offsets(blank, 'answer', start, end).map((o) => lineAt(blank, o)) };
    const type = str(q['@_type']).trim();
    if (type === 'category') {
      category = categoryPath(textOf(q.category));
      if (plainOf(q.info)) categories.set(category.join('/'), plainOf(q.info));
      return;
    }
    const name = plainOf(q.name) || `question ${i + 1}`;
    const files = list((q.questiontext as Node | undefined)?.file)
      .map((f) => ({ name: str(f['@_name']), data: Buffer.from(str(f['#text']).replace(/\s+/g, ''), 'base64') }))
      .filter((f) => f.name && !f.name.includes('/') && !f.name.includes('..'));
    const converted = convert(q, type, name, lines, problems);
    questions.push({
      name,
      line: lines.question,
      category,
      moodleType: type,
      ...converted,
      hints: list(q.hint).map(plainOf).filter(Boolean),
      ...(files.length ? { files } : {}),
    });
  });
  if (problems.length) throw new ContentImportError(problems.sort((a, b) => a.line - b.line));
  return { questions, categories };
}

/** Moodle XML text -> validated pack data plus the import summary. */
export function importMoodleXml(xml: string, options: ImportOptions = {}): ImportResult {
  const { questions, categories } = parseMoodleXml(xml);
  return buildPack(questions, categories, options);
}
