/**
 * Pathwise's entry points (src/main.ts, the tools in src/cli and scripts/) compiled once per test
 * run into one JavaScript file each, for the tests that run them as child processes.
 *
 * Why: under `tsx` a child passes every module it loads, the product's and node_modules' alike,
 * through tsx's loader hook: 3-4 times the CPU of plain Node, 20-40 s for one command-line run on a
 * busy 2-core machine. esbuild does the same TypeScript-to-JavaScript transform tsx does, but once
 * for the run. Each source file keeps its own `import.meta.url`, so what a module finds relative to
 * itself (the project root, the locales, the bundled pack) resolves as in the source tree, and
 * packages stay external: Node loads them from the project's node_modules, as under tsx.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { projectRoot } from '../../src/config.ts';

let outDir: string | undefined;
const built = new Map<string, Promise<string>>();

/** A temporary directory whose node_modules is the project's (bare imports resolve from the output file's place). */
function output(): string {
  if (!outDir) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pathwise-compiled-'));
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    outDir = dir;
  }
  return outDir;
}

/** Keeps each TypeScript file's own `import.meta.url` inside the single output file. */
const ownMetaUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

/** The compiled file of `entry` (a path from the project root, e.g. 'src/cli/platform.ts'), built on first use. */
export function compiled(entry: string): Promise<string> {
  let p = built.get(entry);
  if (!p) {
    const outfile = path.join(output(), `${entry.replace(/[\\/]/g, '_').replace(/\.ts$/, '')}.mjs`);
    p = build({
      entryPoints: [path.join(projectRoot, entry)],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      plugins: [ownMetaUrl],
    }).then(() => outfile);
    built.set(entry, p);
  }
  return p;
}
