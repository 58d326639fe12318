/**
 * What may reach a student's browser. Built field by field (never by copying the instance and
 * deleting secrets) so a new secret field can never leak by accident: no answers, scores,
 * per-choice feedback, hints, solutions or misconception text.
 */
import sanitizeHtml from 'sanitize-html';
import type { ItemInstance, PublicItem } from './types.ts';
import { presentByType } from './itemTypes/index.ts';
import { drawFigure } from './figures/draw.ts';
import type { Words } from './messages.ts';

const HTML_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'b',
    'strong',
    'i',
    'em',
    'u',
    'sub',
    'sup',
    'ul',
    'ol',
    'li',
    'span',
    'div',
    'table',
    'thead',
    'tbody',
    'tr',
    'td',
    'th',
    'img',
    'code',
    'pre',
    'blockquote',
    'h3',
    'h4',
  ],
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
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

/** The browser-safe view of an instance; `words` describes its figures in the student's language. */
export function presentItem(instance: ItemInstance, words: Words): PublicItem {
  const q = instance.question;
  const format = q.promptFormat === 'html' ? 'html' : 'text';
  return {
    itemId: instance.itemId,
    variantId: instance.variantId,
    skills: [...instance.skills],
    ...(instance.theme ? { theme: instance.theme } : {}),
    ...presentByType(q),
    prompt: { format, text: format === 'html' ? sanitise(q.prompt) : q.prompt },
    hintCount: instance.hints.length,
    ...(q.figure ? { figures: drawFigure(q.figure, words) } : {}),
  };
}
