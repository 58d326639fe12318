/**
 * Splits text into plain runs and fractions so the page can stack them (MathML) instead of
 * showing slash text. "1 1/2" is a mixed number; each fraction also gets a spoken form
 * ("3 over 4") for screen readers and read-aloud.
 */
export type MathSegment = { t: 'text'; v: string } | { t: 'frac'; whole?: string; num: string; den: string; say: string };

const FRACTION = /(?:\b(\d{1,4})\s+)?\b(\d{1,4})\/(\d{1,4})\b/g;

export function mathSegments(text: string, words: { over: string; and: string } = { over: 'over', and: 'and' }): MathSegment[] {
  const out: MathSegment[] = [];
  let last = 0;
  for (const m of String(text).matchAll(FRACTION)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ t: 'text', v: text.slice(last, at) });
    const [, whole, num = '', den = ''] = m;
    const say = `${whole ? `${whole} ${words.and} ` : ''}${num} ${words.over} ${den}`;
    out.push({ t: 'frac', ...(whole ? { whole } : {}), num, den, say });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ t: 'text', v: text.slice(last) });
  return out;
}
