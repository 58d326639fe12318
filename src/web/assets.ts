/**
 * The browser's files, with names that change when their content does, so they can be cached for
 * a year (`immutable`) and never go stale. Scripts are written in TypeScript under `src/client/`
 * and bundled by esbuild once at start-up; pages never carry inline scripts, which lets the
 * Content-Security-Policy forbid them. Stylesheets come from `views/static/`: each top-level file
 * is bundled with the files it `@import`s (kept by kind of page under `views/static/styles/`).
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import type { RequestHandler } from 'express';

export interface Asset {
  url: string;
  type: string;
  body: Buffer;
}

export interface Assets {
  /** The versioned URL of a logical file name such as `frame.js` or `pathwise.css`. */
  url(name: string): string;
  /** Serves the versioned files under `/static/`. */
  handler: RequestHandler;
}

const YEAR_SECONDS = 31_536_000;

function versioned(name: string, body: Buffer, type: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const ext = path.extname(name);
  return { url: `/static/${path.basename(name, ext)}.${hash}${ext}`, type, body };
}

function bundle(entry: string): Buffer {
  const css = entry.endsWith('.css');
  const out = buildSync({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    ...(css ? {} : { format: 'iife' as const, target: 'es2019' }),
    write: false,
    logLevel: 'silent',
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  return Buffer.from(file.contents);
}

/** Bundles `clientDir/*.ts` and versions `cssDir/*.css`. */
export function loadAssets(dirs: { clientDir: string; cssDir: string }): Assets {
  const byName = new Map<string, Asset>();
  for (const f of readdirSync(dirs.clientDir).filter((n) => n.endsWith('.ts'))) {
    const name = f.replace(/\.ts$/, '.js');
    byName.set(name, versioned(name, bundle(path.join(dirs.clientDir, f)), 'text/javascript; charset=utf-8'));
  }
  for (const f of readdirSync(dirs.cssDir).filter((n) => n.endsWith('.css'))) {
    byName.set(f, versioned(f, bundle(path.join(dirs.cssDir, f)), 'text/css; charset=utf-8'));
  }
  const byUrl = new Map([...byName.values()].map((a) => [a.url, a]));
  return {
    url(name) {
      const asset = byName.get(name);
      if (!asset) throw new Error(`no static file named ${name} (scripts live in src/client, styles in views/static)`);
      return asset.url;
    },
    handler(req, res, next) {
      const asset = byUrl.get(`/static${req.path}`);
      if (!asset || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      res.setHeader('Content-Type', asset.type);
      res.setHeader('Cache-Control', `public, max-age=${YEAR_SECONDS}, immutable`);
      res.send(asset.body);
    },
  };
}
