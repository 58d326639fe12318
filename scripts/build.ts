/**
 * `npm run build`: compiles the product (src/, without the browser code in src/client, which the
 * server bundles itself at start-up) to JavaScript in dist/, and copies the data files the product
 * reads at run time (the bundled content packs' YAML) next to the compiled code.
 */
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
rmSync(out, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

/** Copies every non-TypeScript file under src/ (YAML packs, JSON) to the same place under dist/. */
function copyData(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const from = path.join(dir, name);
    const rel = path.relative(path.join(root, 'src'), from);
    if (rel === 'client') continue;
    if (statSync(from).isDirectory()) n += copyData(from);
    else if (!/\.(ts|cts|mts)$/.test(name)) {
      cpSync(from, path.join(out, rel));
      n += 1;
    }
  }
  return n;
}
const copied = copyData(path.join(root, 'src'));
process.stdout.write(`Built dist/ (${copied} data files copied). Start it with: npm run serve\n`);
