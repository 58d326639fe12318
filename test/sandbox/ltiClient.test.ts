import assert from 'node:assert/strict';
import { CookieJar, findAutoSubmitForm, parseForms } from '../support/ltiClient.ts';

describe('LTI test client building blocks', () => {
  const tool = 'http://localhost:3000/lti/launch';
  const framed = { topSite: 'http://127.0.0.1', crossSite: true, topLevel: false, method: 'POST' };
  const firstParty = { topSite: 'http://localhost', crossSite: false, topLevel: true, method: 'GET' };

  it('drops SameSite=None cookies without Secure and Lax cookies set in a cross-site frame', () => {
    const jar = new CookieJar();
    jar.store(['a=1; SameSite=None', 'b=2; SameSite=Lax; Secure', 'c=3', 'd=4; SameSite=None; Secure'], tool, framed);
    assert.deepEqual(
      jar.all().map((c) => c.name),
      ['d'],
    );
  });

  it('sends Lax cookies on a cross-site top-level GET but not in a cross-site frame, Strict only same-site', () => {
    const jar = new CookieJar();
    jar.store(['lax=1; Path=/', 'strict=2; SameSite=Strict; Path=/'], tool, firstParty);
    assert.equal(jar.header(tool, { ...firstParty, crossSite: true }), 'lax=1');
    assert.equal(jar.header(tool, { ...firstParty, crossSite: true, method: 'POST' }), undefined);
    assert.equal(jar.header(tool, framed), undefined);
    assert.equal(jar.header(tool, firstParty), 'lax=1; strict=2');
  });

  it('keys Partitioned cookies by the top-level site and honours Path and Max-Age', () => {
    const jar = new CookieJar({ blockThirdPartyCookies: true });
    jar.store(['p=1; SameSite=None; Secure; Partitioned; Path=/lti', 'u=2; SameSite=None; Secure'], tool, framed);
    assert.equal(jar.header(tool, framed), 'p=1');
    assert.equal(jar.header(tool, { ...framed, topSite: 'http://other.test' }), undefined);
    assert.equal(jar.header('http://localhost:3000/', framed), undefined, 'outside the cookie path');
    jar.store(['p=; SameSite=None; Secure; Partitioned; Path=/lti; Max-Age=0'], tool, framed);
    assert.equal(jar.header(tool, framed), undefined);
  });

  it('reads auto-submit forms with entity-encoded values, like the ltijs Deep Linking form', () => {
    const html =
      '<form id="ltijs_submit" style="display: none;" action="http://x/return?a=1&amp;b=2" method="POST">\n<input type="hidden" name="JWT" value="a&quot;b&#39;c&amp;d" />\n</form>\n<script>document.getElementById("ltijs_submit").submit()</script>';
    const form = findAutoSubmitForm(html);
    assert.equal(form?.action, 'http://x/return?a=1&b=2');
    assert.equal(form?.method, 'POST');
    assert.deepEqual(form?.fields, { JWT: 'a"b\'c&d' });
    assert.equal(findAutoSubmitForm('<form method="post"><input name="x" value="1"></form>'), undefined, 'no script, no auto-submit');
    assert.deepEqual(
      parseForms('<form><input name="a" value="1" disabled><input type="submit" name="go"><input name="b" value="2"></form>')[0]?.fields,
      { b: '2' },
    );
  });
});
