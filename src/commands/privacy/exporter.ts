/**
 * Export: everything Pathwise holds about a student, a course or a platform, collection by
 * collection, as JSON and as one CSV (one row per field: collection, record, field, value), so a
 * school can answer an access request without knowing Pathwise's internals. Key material (the
 * tool's private keys, access tokens) is never exported; the report says how many there are.
 */
import { resolveScope, sources, collection } from '../../repositories/privacy.ts';
import type { ScopeRequest } from './scope.ts';

export interface DataExport {
  scope: ScopeRequest;
  /** The school the records belong to. */
  platform: { issuer: string; clientId: string };
  exportedAt: string;
  collections: Record<string, unknown[]>;
  /** Records held but not exported because they are key material. */
  withheld: Record<string, number>;
}

export async function exportData(req: ScopeRequest): Promise<DataExport> {
  const scope = await resolveScope(req);
  const out: DataExport = {
    scope: req,
    platform: { issuer: scope.issuer, clientId: scope.clientId },
    exportedAt: new Date().toISOString(),
    collections: {},
    withheld: {},
  };
  for (const source of sources()) {
    const filter = source.filter(scope, 'export');
    if (!filter) continue;
    if (source.secret) {
      const n = await collection(source.collection).countDocuments(filter);
      if (n) out.withheld[source.collection] = n;
      continue;
    }
    const found = await collection(source.collection).find(filter).limit(1_000_000).toArray();
    const docs = source.exportPart ? found.flatMap((d) => source.exportPart!(d, scope) ?? []) : found;
    if (docs.length) out.collections[source.collection] = docs.map(plain);
  }
  return out;
}

/** ObjectIds and dates as strings, so JSON and CSV show what a person can read. */
function plain(v: unknown): unknown {
  if (v === null || v === undefined) return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'ObjectId') return String(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** One row per leaf field: `collection,record,field,value`, with nested fields as dotted paths. */
export function toCsv(e: DataExport): string {
  const rows = [['collection', 'record', 'field', 'value']];
  for (const [name, docs] of Object.entries(e.collections)) {
    for (const doc of docs as Array<Record<string, unknown>>) {
      const id = String(doc._id ?? '');
      for (const [field, value] of leaves(doc, '')) rows.push([name, id, field, value]);
    }
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function* leaves(v: unknown, prefix: string): Generator<[string, string]> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0 && prefix) yield [prefix, '{}'];
    for (const [k, x] of entries) yield* leaves(x, prefix ? `${prefix}.${k}` : k);
  } else if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) yield [prefix, v.map(String).join('; ')];
    else for (const [i, x] of v.entries()) yield* leaves(x, `${prefix}.${i}`);
  } else {
    yield [prefix, v === undefined || v === null ? '' : String(v)];
  }
}

/** Quotes a cell; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula. */
function csvCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
