/**
 * Every model file is registered by src/repositories/models/all.ts: the privacy rules discover
 * student data from mongoose's registry, and the privacy command line (which does not load the
 * web application) relies on that module to know every collection it must export or delete.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/config.ts';

describe('the model registry for privacy', () => {
  it('lists every model file of src/repositories/models in all.ts', () => {
    const dir = path.join(projectRoot, 'src', 'repositories', 'models');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'all.ts');
    const listed = [...readFileSync(path.join(dir, 'all.ts'), 'utf8').matchAll(/^import '\.\/([^']+)';$/gm)].map((m) => m[1]);
    assert.deepEqual(listed.sort(), files.sort());
  });
});
