/**
 * Content packs on disk: reads a pack from a JSON/YAML file or from a folder (pack.yaml with
 * metadata, optional skills.yaml, items/*.yaml merged in file-name order, and translations/<lang>.yaml
 * for each further language, e.g. translations/es.yaml) and hands the plain
 * data to the pure content layer to validate (src/domain/content never touches the file system).
 * Parse errors become validation problems with the file and line, so a broken file is reported
 * like any other problem.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { buildPack, ContentValidationError, type GeneratorRegistry, type Pack } from '../domain/content/index.ts';

function readData(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  const name = basename(file);
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      const pos = /position (\d+)/.exec((e as Error).message);
      const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : 1;
      throw new ContentValidationError([{ path: name, message: `line ${line}: invalid JSON (${(e as Error).message})` }]);
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true }) as unknown;
  } catch (e) {
    const line = e instanceof YAMLParseError ? (e.linePos?.[0]?.line ?? 1) : 1;
    throw new ContentValidationError([{ path: name, message: `line ${line}: invalid YAML (${(e as Error).message.split('\n')[0]})` }]);
  }
}

const DATA = /\.(json|ya?ml)$/i;

/** Reads raw pack data from a file or folder (not yet validated). */
function readPackSource(path: string): unknown {
  if (!existsSync(path)) throw new ContentValidationError([{ path, message: 'no such file or folder' }]);
  if (!statSync(path).isDirectory()) return readData(path);
  const metaFile = ['pack.yaml', 'pack.yml', 'pack.json'].map((f) => join(path, f)).find((f) => existsSync(f));
  if (!metaFile) throw new ContentValidationError([{ path, message: 'a pack folder needs pack.yaml or pack.json' }]);
  const pack = readData(metaFile);
  if (!pack || typeof pack !== 'object' || Array.isArray(pack)) return pack;
  const out = { ...(pack as Record<string, unknown>) };
  const skillsFile = ['skills.yaml', 'skills.yml', 'skills.json'].map((f) => join(path, f)).find((f) => existsSync(f));
  if (skillsFile) out.skills = [...(Array.isArray(out.skills) ? out.skills : []), ...asList(readData(skillsFile), 'skills')];
  const itemsDir = join(path, 'items');
  if (existsSync(itemsDir)) {
    const files = readdirSync(itemsDir)
      .filter((f) => DATA.test(f))
      .sort();
    const items = Array.isArray(out.items) ? [...out.items] : [];
    for (const f of files) items.push(...asList(readData(join(itemsDir, f)), 'items'));
    out.items = items;
  }
  const translationsDir = join(path, 'translations');
  if (existsSync(translationsDir)) {
    const translations = { ...((out.translations as Record<string, unknown> | undefined) ?? {}) };
    for (const f of readdirSync(translationsDir)
      .filter((f) => DATA.test(f))
      .sort()) {
      translations[f.replace(DATA, '')] = readData(join(translationsDir, f));
    }
    out.translations = translations;
  }
  return out;
}

function asList(data: unknown, key: string): unknown[] {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object' && Array.isArray((data as Record<string, unknown>)[key]))
    return (data as Record<string, unknown[]>)[key] as unknown[];
  return [data];
}

/**
 * A validated pack from a file or folder (or from plain data already in memory). Throws a
 * ContentValidationError listing every problem; never returns a half-valid pack.
 */
export function loadPack(pathOrObject: string | object, options: { generators?: GeneratorRegistry } = {}): Pack {
  return buildPack(typeof pathOrObject === 'string' ? readPackSource(pathOrObject) : pathOrObject, options);
}

let bundled: Pack | undefined;
/** The fractions pack shipped with Pathwise, validated once and cached for the process. */
export function loadBundledPack(): Pack {
  bundled ??= loadPack(fileURLToPath(new URL('../domain/content/packs/fractions/', import.meta.url)));
  return bundled;
}
