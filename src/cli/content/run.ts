/**
 * The content CLI, as a function so tests can run it in-process:
 *   import --format gift|moodle-xml FILE --out PACK [--title T] [--nested-as-prerequisites]
 *   validate PACK
 * Exit codes: 0 success, 2 invalid input (import errors, validation problems), 1 usage errors.
 * --out ending in .json writes one file (embedded files go to a "files" folder beside it);
 * otherwise PACK is a folder holding pack.json and files/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ContentImportError, ContentValidationError } from '../../domain/content/index.ts';
import { loadPack } from '../../repositories/packFiles.ts';
import { summarise, type ImportResult } from '../../domain/content/import/common.ts';
import { importGift } from '../../domain/content/import/gift.ts';
import { importMoodleXml } from '../../domain/content/import/moodleXml.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `usage:
  content import --format gift|moodle-xml FILE --out PACK [--title TITLE] [--nested-as-prerequisites]
  content validate PACK
`;

function parseArgs(argv: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [key, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) flags.set(key, inline);
    else if (key === 'nested-as-prerequisites') flags.set(key, true);
    else if (argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith('--')) flags.set(key, argv[++i] as string);
    else flags.set(key, true);
  }
  return { positional, flags };
}

function writePack(result: ImportResult, out: string): string {
  const single = /\.json$/i.test(out);
  const root = single ? dirname(out) : out;
  mkdirSync(root, { recursive: true });
  const packFile = single ? out : join(out, 'pack.json');
  for (const f of result.files) {
    const target = join(root, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.data);
  }
  writeFileSync(packFile, `${JSON.stringify(result.pack, null, 2)}\n`);
  return packFile;
}

function runImport(argv: string[], io: Io): number {
  const { positional, flags } = parseArgs(argv);
  const format = flags.get('format');
  const out = flags.get('out');
  const file = positional[0];
  if ((format !== 'gift' && format !== 'moodle-xml') || typeof out !== 'string' || !file) {
    io.err(USAGE);
    return 1;
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    io.err(`cannot read ${file}\n`);
    return 2;
  }
  const title = flags.get('title');
  const options = {
    sourceName: basename(file),
    ...(typeof title === 'string' ? { title } : {}),
    nestedAsPrerequisites: flags.get('nested-as-prerequisites') === true,
  };
  try {
    const result = format === 'gift' ? importGift(source, options) : importMoodleXml(source, options);
    const written = writePack(result, out);
    io.out(`${summarise(result)}\n`);
    io.err(`wrote ${written}${result.files.length ? ` and ${result.files.length} embedded file(s)` : ''}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ContentImportError) {
      for (const p of e.problems) io.err(`${basename(file)}:${p.line}: ${p.message}\n`);
      io.err('nothing was imported\n');
      return 2;
    }
    throw e;
  }
}

function runValidate(argv: string[], io: Io): number {
  const { positional } = parseArgs(argv);
  const path = positional[0];
  if (!path) {
    io.err(USAGE);
    return 1;
  }
  try {
    const pack = loadPack(path);
    io.out(`${path}: valid (${pack.skills.length} skills, ${pack.items.length} items)\n`);
    return 0;
  } catch (e) {
    if (e instanceof ContentValidationError) {
      for (const p of e.problems) io.out(`${p.path}: ${p.message}\n`);
      io.err(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in ${path}\n`);
      return 2;
    }
    throw e;
  }
}

/** Runs one CLI command and returns the process exit code. */
export function runContentCli(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  if (command === 'import') return runImport(rest, io);
  if (command === 'validate') return runValidate(rest, io);
  io.err(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 1;
}
