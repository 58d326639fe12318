import assert from 'node:assert/strict';
import { stack } from '../support/stack.ts';

/** Every `src="…"`/`href="…"` of a page that points at /static/. */
function staticRefs(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
}

describe('static files', function () {
  this.timeout(60_000);

  it('serves pages without inline scripts, their scripts and styles under versioned, year-long cached names', async () => {
    const s = await stack();
    const html = await (await fetch(`${s.toolUrl}/`)).text();
    assert.equal(/<script(?![^>]*\bsrc=)[^>]*>/.test(html), false, 'no <script> without src');
    const refs = staticRefs(html);
    assert.ok(
      refs.some((r) => /^\/static\/frame\.[0-9a-f]{10}\.js$/.test(r)),
      `frame script in ${refs.join(', ')}`,
    );
    assert.ok(
      refs.some((r) => /^\/static\/pathwise\.[0-9a-f]{10}\.css$/.test(r)),
      `stylesheet in ${refs.join(', ')}`,
    );
    for (const ref of refs) {
      const res = await fetch(`${s.toolUrl}${ref}`);
      assert.equal(res.status, 200, ref);
      assert.match(res.headers.get('cache-control') ?? '', /max-age=31536000, immutable/);
      const body = await res.text();
      if (ref.endsWith('.js')) assert.match(body, /lti\.frameResize/);
      if (ref.endsWith('.css')) {
        // One bundle: every stylesheet of views/static/styles is inlined, none is fetched on its own.
        assert.doesNotMatch(body, /@import/);
        for (const rule of [/--brand:/, /@media print/, /\.skill-map|\.path/]) assert.match(body, rule);
      }
    }
  });

  it('answers 404 for a static name that is not the current version', async () => {
    const s = await stack();
    const res = await fetch(`${s.toolUrl}/static/pathwise.css`);
    assert.equal(res.status, 404);
  });
});
