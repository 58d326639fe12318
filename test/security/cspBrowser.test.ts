/**
 * The Content-Security-Policy in a real browser: the student, teacher and studio pages, opened
 * through the sandbox LMS's iframe (another site, as in production), load and run without a single
 * CSP violation (securitypolicyviolation events in every frame, and "Refused to …" console
 * messages), with a policy that allows no inline script and names the LMS in frame-ancestors.
 */
import assert from 'node:assert/strict';

import { ON_SCREEN, useBrowser } from '../support/browser.ts';
import { stack } from '../support/stack.ts';
import { ownCourse } from '../support/factories.ts';

describe('security: Content-Security-Policy in Chromium', function () {
  this.timeout(120_000);
  const browser = useBrowser();

  it('student, teacher and studio pages in the LMS iframe report no CSP violation, with no inline scripts and the LMS as frame ancestor', async () => {
    const s = await stack();
    const own = await ownCourse('moodle', { students: 1 });
    const violations: string[] = [];
    const policies = new Map<string, string>();
    /** "Launch as <name>" on the LMS course page, with the watchers in place before anything loads. */
    const openAs = async (who: 'teacher' | { student: number }) => {
      const context = await browser().newContext();
      // In every frame, the tool's included: what the browser blocked.
      await context.addInitScript({
        content:
          "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));",
      });
      const page = await context.newPage();
      page.on('console', (m) => {
        if (/Refused to|CSP violation|Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      page.on('response', (r) => {
        const u = new URL(r.url());
        if (u.origin === s.toolUrl && u.pathname.startsWith('/app/') && r.request().resourceType() === 'document')
          policies.set(u.pathname.replace(/[a-f0-9]{24}/g, ':id'), r.headers()['content-security-policy'] ?? '');
      });
      await page.goto(`${s.sandboxUrl}/courses/${own.course.id}`);
      await page
        .getByRole('button', { name: `Launch as ${own.member(who).name}` })
        .first()
        .click();
      return { context, page, frame: page.frameLocator('iframe[name="tool"]') };
    };

    const student = await openAs({ student: 0 });
    try {
      await student.frame.locator('[data-testid="step"]').waitFor(ON_SCREEN);
      // Control: an inline script injected into the tool's page is blocked, and the watchers see it.
      const tool = student.page.frames().find((f) => f.url().startsWith(s.toolUrl))!;
      await tool.evaluate("const el = document.createElement('script'); el.textContent = 'window.ran = 1'; document.body.append(el)");
      await tool.waitForFunction('true');
      // The report arrives as a console message; on a busy machine that can take seconds.
      for (const end = Date.now() + 30_000; violations.length === 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 100));
      assert.ok(
        violations.length > 0 && violations.every((v) => /script-src|inline/i.test(v)),
        `the injected inline script was reported: ${violations.join(' | ')}`,
      );
      assert.equal(await tool.evaluate('window.ran'), undefined, 'and it did not run');
      violations.length = 0;
    } finally {
      await student.context.close();
    }
    const teacher = await openAs('teacher');
    try {
      await teacher.frame.locator('[data-testid="studio-link"]').click();
      await teacher.frame.locator('form').first().waitFor(ON_SCREEN);
    } finally {
      await teacher.context.close();
    }

    const pages = [...policies.keys()];
    assert.ok(
      pages.some((p) => p.startsWith('/app/activities/')),
      `student page seen: ${pages.join(', ')}`,
    );
    assert.ok(
      pages.some((p) => p.endsWith('/teacher')),
      `teacher page seen: ${pages.join(', ')}`,
    );
    assert.ok(
      pages.some((p) => p.endsWith('/studio')),
      `studio page seen: ${pages.join(', ')}`,
    );
    for (const [p, csp] of policies) {
      const directive = (name: string) =>
        csp
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `)) ?? '';
      assert.ok(directive('script-src'), `${p} has a script-src`);
      assert.doesNotMatch(directive('script-src'), /unsafe-inline|unsafe-eval/, `${p}: ${directive('script-src')}`);
      assert.ok(
        directive('frame-ancestors').split(/\s+/).includes(s.sandboxUrl),
        `${p} may be framed by the LMS: ${directive('frame-ancestors')}`,
      );
    }
    assert.deepEqual(violations, [], 'no CSP violation on any page');
  });
});
