/**
 * `npm run build`: type-checks the product, compiles it (src/, without the browser code in
 * src/client, which the server bundles itself at start-up) to JavaScript in dist/, one .js file
 * per .ts file, and copies the data files the product reads at run time (the bundled content
 * packs' YAML) next to the compiled code.
 *
 *   npm run build                        type check (tsc), then compile
 *   npm run build -- --skip-typecheck    compile only (the suite's production-start test: `npm test`
 *                                        has type-checked the same tree in its first step)
 *
 * esbuild compiles (the same TypeScript-to-JavaScript transform tsx applies in development, in
 * well under a second); tsc only checks types, which is what takes minutes on a busy machine.
 */
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const out = path.join(root, 'dist');
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--skip-typecheck');
if (unknown.length) {
  process.stderr.write(`build: unknown option ${unknown.join(' ')} (the only option is --skip-typecheck)\n`);
  process.exit(2);
}

if (!args.includes('--skip-typecheck')) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const check = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (check.status !== 0) process.exit(check.status ?? 1);
}

/** Every file under `dir` except the browser code, split into TypeScript sources and data files. */
function walk(dir: string, found = { ts: [] as string[], data: [] as string[] }) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (path.relative(src, file) === 'client') continue;
    if (statSync(file).isDirectory()) walk(file, found);
    else (/\.(ts|cts|mts)$/.test(name) ? found.ts : found.data).push(file);
  }
  return found;
}

/** Compiles each file on its own: every import stays an import, a relative `.ts` one renamed to `.js`. */
const keepImports: Plugin = {
  name: 'keep-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (a) =>
      a.kind === 'entry-point' ? undefined : { path: a.path.startsWith('.') ? a.path.replace(/\.ts$/, '.js') : a.path, external: true },
    );
  },
};

rmSync(out, { recursive: true, force: true });
const { ts, data } = walk(src);
await build({
  entryPoints: ts,
  outdir: out,
  outbase: src,
  bundle: true,
  plugins: [keepImports],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
for (const file of data) cpSync(file, path.join(out, path.relative(src, file)));
process.stdout.write(`Built dist/ (${ts.length} modules, ${data.length} data files copied). Start it with: npm run serve\n`);
