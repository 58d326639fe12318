/**
 * Streaming CSV (RFC 4180 quoting, LF or CRLF) into packed columns: the file is read in chunks and
 * each record becomes a handful of typed-array entries, never a string kept per row.
 */
import { createReadStream } from 'node:fs';
import { RowColumns } from '../../../src/domain/mastery/dataset.ts';
import { UsageError } from '../../../src/cli/usage.ts';

export type OnRecord = (fields: string[], line: number, raw: string) => void;

function parseQuoted(text: string, line: number): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new UsageError(`line ${line}: unterminated quoted field`);
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      if (i < text.length && text[i] !== ',') throw new UsageError(`line ${line}: unexpected text after a quoted field`);
    } else {
      const c = text.indexOf(',', i);
      const end = c < 0 ? text.length : c;
      field = text.slice(i, end);
      i = end;
    }
    out.push(field);
    if (i >= text.length) return out;
    i++;
  }
}

function quotesBalanced(s: string): boolean {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n % 2 === 0;
}

/** Call `onRecord` for every record (header included) with its 1-based starting line. */
export function readRecords(path: string, onRecord: OnRecord): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    let rest = '';
    let pending = '';
    let pendingLine = 0;
    let line = 0;
    let first = true;
    const handle = (text: string): void => {
      line++;
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (pending !== '') {
        pending += '\n' + text;
        if (!quotesBalanced(pending)) return;
        const raw = pending;
        pending = '';
        onRecord(parseQuoted(raw, pendingLine), pendingLine, raw);
        return;
      }
      if (text.indexOf('"') < 0) {
        onRecord(text.split(','), line, text);
      } else if (quotesBalanced(text)) {
        onRecord(parseQuoted(text, line), line, text);
      } else {
        pending = text;
        pendingLine = line;
      }
    };
    stream.on('data', (chunk: string | Buffer) => {
      try {
        let s = rest + String(chunk);
        if (first) {
          first = false;
          if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        }
        let start = 0;
        for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
          handle(s.slice(start, nl));
          start = nl + 1;
        }
        rest = s.slice(start);
      } catch (e) {
        stream.destroy();
        reject(e);
      }
    });
    stream.on('error', (e) => reject(new UsageError(`cannot read ${path}: ${e.message}`)));
    stream.on('end', () => {
      try {
        if (rest !== '') handle(rest);
        if (pending !== '') throw new UsageError(`line ${pendingLine}: unterminated quoted field`);
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
}

export interface ReadOptions {
  multigs?: string;
  multilearn?: string;
  /** Keep only skills matching this pattern (rows are still validated). */
  skills?: RegExp;
}

export interface ReadResult {
  cols: RowColumns;
  /** Rows in the file (data records), kept or not. */
  records: number;
}

const REQUIRED = ['order_id', 'user_id', 'skill_name', 'correct'] as const;

/** Read a pyBKT-style CSV into columns, validating every row (errors carry the line number). */
export async function readDataset(path: string, o: ReadOptions = {}): Promise<ReadResult> {
  const cols = new RowColumns();
  let idx: number[] | undefined;
  let ig: number | undefined;
  let il: number | undefined;
  let width = 0;
  let records = 0;
  await readRecords(path, (fields, line) => {
    if (!idx) {
      const header = fields.map((f) => f.trim());
      const find = (n: string): number => {
        const i = header.indexOf(n);
        if (i < 0) throw new UsageError(`line ${line}: missing column "${n}" (header: ${header.join(',')})`);
        return i;
      };
      idx = REQUIRED.map(find);
      ig = o.multigs === undefined ? undefined : find(o.multigs);
      il = o.multilearn === undefined ? undefined : find(o.multilearn);
      width = header.length;
      return;
    }
    if (fields.length === 1 && fields[0]?.trim() === '') return;
    records++;
    if (fields.length !== width) throw new UsageError(`line ${line}: expected ${width} fields, found ${fields.length}`);
    const [io, iu, is, ic] = idx;
    const orderText = (fields[io as number] as string).trim();
    const order = Number(orderText);
    if (orderText === '' || !Number.isFinite(order)) throw new UsageError(`line ${line}: order_id "${orderText}" is not a number`);
    const user = (fields[iu as number] as string).trim();
    if (user === '') throw new UsageError(`line ${line}: empty user_id`);
    const skill = (fields[is as number] as string).trim();
    if (skill === '') throw new UsageError(`line ${line}: empty skill_name`);
    const c = (fields[ic as number] as string).trim();
    const correct = c === '1' ? 1 : c === '0' ? 0 : c === '-1' || c === '' ? -1 : NaN;
    if (Number.isNaN(correct)) throw new UsageError(`line ${line}: correct must be 1, 0, -1 or empty, got "${c}"`);
    if (o.skills && !o.skills.test(skill)) return;
    const gs = ig === undefined ? 'default' : (fields[ig] as string).trim();
    const learn = il === undefined ? 'default' : (fields[il] as string).trim();
    cols.push(skill, user, order, correct as -1 | 0 | 1, gs, learn, line);
  });
  if (!idx) throw new UsageError(`line 1: ${path} is empty (expected a header with ${REQUIRED.join(', ')})`);
  return { cols, records };
}
