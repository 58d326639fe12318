/**
 * What may reach a student's browser. Built field by field (never by copying the instance and
 * deleting secrets) so a new secret field can never leak by accident: no answers, scores,
 * per-choice feedback, hints, solutions or misconception text.
 */
import sanitizeHtml from 'sanitize-html';
import type { InputKind, ItemInstance, PublicItem } from './types.ts';

const HTML_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 'sub', 'sup', 'ul', 'ol', 'li', 'span', 'div', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'img', 'code', 'pre', 'blockquote', 'h3', 'h4'],
  allowedAttributes: { img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['https', 'data'],
  allowedSchemesByTag: { img: ['https', 'data'] },
  allowProtocolRelative: false,
};

/** Sanitises HTML from packs and imports so it is safe to render inside the LMS iframe. */
export function sanitise(html: string): string {
  return sanitizeHtml(html, HTML_OPTIONS).trim();
}

/** HTML to readable plain text (for feedback, names and other text-only fields). */
export function htmlToText(html: string): string {
  return sanitizeHtml(html.replace(/<br\s*\/?>|<\/p>/gi, '\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
}

const INPUT: Record<ItemInstance['question']['type'], InputKind> = {
  choice: 'single-choice', truefalse: 'true-false', numeric: 'number', fraction: 'fraction', ratio: 'ratio',
  expression: 'expression', text: 'text', ordering: 'ordering', matching: 'matching',
};

/** The browser-safe view of an instance. */
export function presentItem(instance: ItemInstance): PublicItem {
  const q = instance.question;
  const format = q.promptFormat === 'html' ? 'html' : 'text';
  const out: PublicItem = {
    itemId: instance.itemId,
    variantId: instance.variantId,
    skills: [...instance.skills],
    ...(instance.theme ? { theme: instance.theme } : {}),
    input: q.type === 'choice' && q.multiple ? 'multiple-choice' : INPUT[q.type],
    prompt: { format, text: format === 'html' ? sanitise(q.prompt) : q.prompt },
    hintCount: instance.hints.length,
  };
  if (q.type === 'choice') out.choices = q.choices.map((c) => ({ id: c.id, text: c.text }));
  if (q.type === 'ordering') out.items = q.items.map((i) => ({ id: i.id, text: i.text }));
  if (q.type === 'matching') out.matching = { prompts: q.pairs.map((p) => ({ id: p.id, text: p.prompt })), options: [...q.options] };
  if (q.type === 'numeric' && q.units?.length) out.units = q.units.map((u) => u.unit);
  if (q.type === 'expression') out.variables = [...q.variables];
  return out;
}
