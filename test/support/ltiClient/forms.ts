/**
 * Minimal HTML form reading for LTI auto-post pages (the platform's id_token post, a tool's Deep
 * Linking `JWT` post, Canvas's login initiation): find the form a script submits on load and read
 * its named inputs, decoding HTML entities.
 */

export interface ParsedForm {
  action: string;
  method: 'GET' | 'POST';
  fields: Record<string, string>;
  id?: string;
  autosubmit?: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: '\u00a0' };

/** Decodes the HTML entities that escaping templates produce. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z_:][\w:.-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag)) !== null) {
    const name = m[1];
    if (!name) continue;
    out[name.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Every form of a page with its named, enabled inputs (and textareas). */
export function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  const formRe = /<form\b([^>]*)>([\s\S]*?)<\/form>/gi;
  let m: RegExpExecArray | null;
  while ((m = formRe.exec(html)) !== null) {
    const attrs = attributes(m[1] ?? '');
    const body = m[2] ?? '';
    const fields: Record<string, string> = {};
    for (const input of body.matchAll(/<input\b([^>]*)>/gi)) {
      const a = attributes(input[1] ?? '');
      if (!a.name || 'disabled' in a) continue;
      const type = (a.type ?? 'text').toLowerCase();
      if (['submit', 'button', 'image', 'reset', 'file'].includes(type)) continue;
      if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
      fields[a.name] = a.value ?? '';
    }
    for (const ta of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const a = attributes(ta[1] ?? '');
      if (a.name) fields[a.name] = decodeEntities(ta[2] ?? '');
    }
    forms.push({
      action: attrs.action ?? '',
      method: (attrs.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET',
      fields,
      ...(attrs.id ? { id: attrs.id } : {}),
      ...('data-autosubmit' in attrs ? { autosubmit: true } : {}),
    });
  }
  return forms;
}

/**
 * The form a page submits by itself (a script calling `.submit()`), or undefined. Prefers the form
 * whose id the script names, then the first POST form.
 */
export function findAutoSubmitForm(html: string): ParsedForm | undefined {
  // Pathwise's own pages mark the form instead of carrying an inline script (CSP).
  const marked = /<form\b[^>]*\bdata-autosubmit\b/i.test(html);
  if (!marked && !/\.submit\s*\(\s*\)/.test(html)) return undefined;
  const forms = parseForms(html);
  if (forms.length === 0) return undefined;
  if (marked) return forms.find((f) => f.autosubmit) ?? forms[0];
  const named = /getElementById\(\s*['"]([^'"]+)['"]\s*\)\s*\.submit/.exec(html)?.[1];
  return forms.find((f) => named !== undefined && f.id === named) ?? forms.find((f) => f.method === 'POST') ?? forms[0];
}
