/**
 * Refits BKT parameters per course from the answer log (see commands/courseRefitter.ts).
 *
 *   npm run --silent refit -- [--course ID] [--min-students 50] [--fit-transitions]
 *
 * Without --course, every course with new answers since its last refit. Prints a JSON report.
 * --fit-transitions also fits prior and learn where the fit is plausible (see courseRefitter.ts).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { courseRefitter, refitAllCourses } from '../commands/courseRefitter.ts';
import { withDatabase } from './db.ts';
import { runTool, UsageError } from './usage.ts';

async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { course: { type: 'string' }, 'min-students': { type: 'string' }, 'fit-transitions': { type: 'boolean' } },
  });
  const fitTransitions = values['fit-transitions'] === true;
  const minStudents = values['min-students'] === undefined ? 50 : Number(values['min-students']);
  if (!Number.isInteger(minStudents) || minStudents < 1) throw new UsageError('--min-students must be a positive whole number');
  if (values.course !== undefined && !/^[a-f0-9]{24}$/.test(values.course))
    throw new UsageError('--course must be a course id (24 hexadecimal characters)');
  const config = loadConfig();
  const reports = await withDatabase(config, () =>
    values.course
      ? courseRefitter({ courseId: values.course, minStudents, fitTransitions }).then((r) => [r])
      : refitAllCourses({ minStudents, fitTransitions }),
  );
  process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
}

runTool('refit', () => main(process.argv.slice(2)));
