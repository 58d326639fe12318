/**
 * FerretDB 1.24 (SQLite backend) as the embedded MongoDB-compatible engine.
 *
 * Why we build it instead of using the plain `go install` binary: FerretDB reads its version from a
 * file its release tooling generates (build/version/version.txt). A binary made with
 * `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` lacks that file and panics at
 * start. So we fetch exactly that module with `go mod download`, write the version file into a
 * writable copy and `go build` it into Go's bin directory, the same place `go install` would use.
 *
 * One documented patch (PATCHES) is applied first, and the binary is named `ferretdb-pathwise` so
 * an unpatched `ferretdb` elsewhere on the machine is left alone: FerretDB 1.24's SQLite backend
 * creates the `_id` index on the expression `_ferretdb_sjson->"_id"` but looks documents up by
 * `_ferretdb_sjson->'$._id'`. SQLite uses an expression index only for the identical expression,
 * so every find, update and delete by `_id` read the whole table: an update by `_id` cost 26 ms in
 * a 5-document collection and 480 ms in a 200-document one (measured, same machine). The patch
 * makes the lookup use the index's own expression, which turns those into index lookups.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile, chmod, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logger.ts';

const run = promisify(execFile);
export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';
/** The patched build's name and version tag (bump the tag when PATCHES change, to rebuild). */
export const PATCHED_BINARY = 'ferretdb-pathwise';
export const PATCH_TAG = 'pathwise.1';

/** Source edits applied before building; each must match exactly once, or the build stops. */
export const PATCHES = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + \`->"_id"\``,
    why: 'look documents up by the same expression the _id index is built on, so SQLite uses the index',
  },
] as const;

async function which(cmd: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function goBinDir(): Promise<string | undefined> {
  const go = await which('go');
  if (!go) return undefined;
  const { stdout } = await run(go, ['env', 'GOBIN', 'GOPATH']);
  const [gobin, gopath] = stdout.split('\n').map((s) => s.trim());
  if (gobin) return gobin;
  return gopath ? path.join(gopath.split(path.delimiter)[0] ?? gopath, 'bin') : undefined;
}

/** True when the binary runs and reports our patched 1.24.x version (a plain `go install` build panics). */
async function works(bin: string): Promise<boolean> {
  try {
    const { stdout } = await run(bin, ['--version'], { timeout: 15_000 });
    return /version: v1\.24\./.test(stdout) && stdout.includes(PATCH_TAG);
  } catch {
    return false;
  }
}

/** Finds the patched FerretDB 1.24 binary on the PATH or in Go's bin directory. */
export async function findFerretDb(): Promise<string | undefined> {
  const candidates = [await which(PATCHED_BINARY)];
  const gobin = await goBinDir().catch(() => undefined);
  if (gobin) candidates.push(path.join(gobin, PATCHED_BINARY));
  for (const c of candidates) if (c && existsSync(c) && (await works(c))) return c;
  return undefined;
}

/** Builds FerretDB into Go's bin directory; returns its path, or undefined when Go is absent. */
export async function installFerretDb(log: Logger): Promise<string | undefined> {
  const go = await which('go');
  const gobin = await goBinDir().catch(() => undefined);
  if (!go || !gobin) return undefined;
  log.info({ module: FERRETDB_MODULE, version: FERRETDB_VERSION }, 'building FerretDB with Go (first run only, about a minute)');
  const env = { ...process.env, GOFLAGS: '-mod=mod' };
  const { stdout } = await run(go, ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], { env, maxBuffer: 16 << 20 });
  const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
  const work = await mkdtemp(path.join(os.tmpdir(), 'pathwise-ferretdb-'));
  try {
    const src = path.join(work, 'src');
    await cp(moduleDir, src, { recursive: true });
    await run('chmod', ['-R', 'u+w', src]);
    await writeFile(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}-${PATCH_TAG}\n`);
    for (const p of PATCHES) {
      const file = path.join(src, p.file);
      const text = await readFile(file, 'utf8');
      if (text.split(p.from).length !== 2) throw new Error(`FerretDB patch does not apply to ${p.file} (${p.why})`);
      await writeFile(file, text.replace(p.from, p.to));
    }
    await mkdir(gobin, { recursive: true });
    const out = path.join(gobin, PATCHED_BINARY);
    await run(go, ['build', '-o', out, './cmd/ferretdb'], { cwd: src, env, timeout: 15 * 60_000, maxBuffer: 16 << 20 });
    await chmod(out, 0o755);
    if (!(await works(out))) throw new Error(`the FerretDB binary built at ${out} does not start`);
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export function ferretDbArgs(opts: { dataDir: string; port: number }): string[] {
  return [
    '--handler=sqlite',
    // WAL is FerretDB's default; synchronous=NORMAL skips an fsync per commit (still safe if the
    // process crashes, may lose the last commits on a power cut: right for a dev/test engine).
    `--sqlite-url=file:${opts.dataDir}/?_pragma=synchronous(NORMAL)`,
    `--state-dir=${opts.dataDir}`,
    `--listen-addr=127.0.0.1:${opts.port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
    '--log-format=json',
  ];
}
