import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.ts';

describe('logging', () => {
  it('redacts tokens, assertions and authorisation headers', () => {
    const lines: string[] = [];
    const out = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('info', out);
    log.info(
      {
        id_token: 'eyJ.secret',
        body: { client_assertion: 'eyJ.assert', ltik: 'eyJ.ltik' },
        req: { headers: { authorization: 'Bearer abc', cookie: 'state=1' } },
      },
      'x',
    );
    const text = lines.join('');
    for (const secret of ['eyJ.secret', 'eyJ.assert', 'eyJ.ltik', 'Bearer abc', 'state=1'])
      assert.ok(!text.includes(secret), `${secret} leaked`);
    assert.match(text, /\[redacted\]/);
  });
});
