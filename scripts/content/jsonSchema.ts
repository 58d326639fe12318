/**
 * Regenerates docs/content-pack.schema.json from the zod schema, so authors' editors get
 * completion and the published schema never drifts from the validator.
 * Run: npx tsx scripts/content/jsonSchema.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod/v4';
import { packSchema } from '../../src/domain/content/schema.ts';

const target = fileURLToPath(new URL('../../docs/content-pack.schema.json', import.meta.url));
const schema = {
  ...z.toJSONSchema(packSchema, { io: 'input', unrepresentable: 'any' }),
  $id: 'https://pathwise.invalid/schemas/content-pack.schema.json',
  title: 'Pathwise content pack',
  description: 'A pack of skills (with prerequisites) and items. Generated from src/domain/content/schema.ts; do not edit by hand.',
};
const text = `${JSON.stringify(schema, null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    process.stderr.write('docs/content-pack.schema.json is out of date: run npx tsx scripts/content/jsonSchema.ts\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
