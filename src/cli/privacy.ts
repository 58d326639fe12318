/**
 * The operator's privacy tool. Everything that changes data is a dry run unless `--apply` is given;
 * deletion also needs `--confirm` with the id being deleted, typed again. Every export, deletion
 * and setting change is written to the audit trail under the operator's name (`--actor`).
 *
 *   npm run --silent privacy -- export  (--student ID [--course ID] | --course ID | --issuer URL --client-id ID) [--format json|csv]
 *   npm run --silent privacy -- delete  (same scopes) [--apply --confirm ID]
 *   npm run --silent privacy -- retention [--issuer URL --client-id ID] [--apply]
 *   npm run --silent privacy -- audit   --issuer URL --client-id ID [--course ID] [--since 2026-01-01] [--format json|csv]
 *   npm run --silent privacy -- settings --issuer URL --client-id ID [--pseudonymous on|off] [--answer-log-days N]
 *                                  [--inactive-course-months N] [--departed-grace-days N] [--notice-days N]
 *   npm run --silent privacy -- rotate-key [--apply]   (PATHWISE_DATA_KEY = new key, PATHWISE_DATA_KEY_PREVIOUS = old key)
 *
 * It talks to the database of a running Pathwise (MONGODB_URI, or the embedded engine on DB_PORT).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import { withDatabase } from './db.ts';
import { runTool, UsageError } from './usage.ts';
import { createLogger } from '../logger.ts';
import { resolveSecret } from '../secret.ts';
import { deriveKey } from '../session.ts';
import { AuditLog } from '../repositories/audit.ts';
import { changePrivacySettings, privacySettingsFor, settingsChange } from '../repositories/privacySettings.ts';
import { scopeRequest, describeScope, type ScopeRequest } from '../commands/privacy/scope.ts';

const COMMANDS = ['export', 'delete', 'retention', 'audit', 'settings', 'rotate-key'] as const;
type Values = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    options: {
      student: { type: 'string' },
      course: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      format: { type: 'string' },
      apply: { type: 'boolean' },
      confirm: { type: 'string' },
      actor: { type: 'string' },
      since: { type: 'string' },
      pseudonymous: { type: 'string' },
      'answer-log-days': { type: 'string' },
      'inactive-course-months': { type: 'string' },
      'departed-grace-days': { type: 'string' },
      'notice-days': { type: 'string' },
    },
  });
}

function scopeOf(v: Values): ScopeRequest {
  const raw = v.student
    ? { kind: 'student', personId: v.student, ...(v.course ? { courseId: v.course } : {}) }
    : v.course
      ? { kind: 'course', courseId: v.course }
      : { kind: 'platform', issuer: v.issuer, clientId: v['client-id'] };
  const r = scopeRequest.safeParse(raw);
  if (!r.success) throw new UsageError('give a scope: --student ID [--course ID], --course ID, or --issuer URL --client-id ID');
  return r.data;
}

/** The id an operator must type again to confirm a deletion. */
function confirmationOf(s: ScopeRequest): string {
  return s.kind === 'student' ? s.personId : s.kind === 'course' ? s.courseId : s.clientId;
}

function platformOf(v: Values): { issuer: string; clientId: string } {
  if (!v.issuer || !v['client-id']) throw new UsageError('--issuer and --client-id are required (see: npm run platform -- list)');
  return { issuer: v.issuer, clientId: v['client-id'] };
}

function format(v: Values): 'json' | 'csv' {
  const f = v.format ?? 'json';
  if (f !== 'json' && f !== 'csv') throw new UsageError('--format must be json or csv');
  return f;
}

const out = (x: unknown) => process.stdout.write(typeof x === 'string' ? x : `${JSON.stringify(x, null, 2)}\n`);

async function run(
  command: (typeof COMMANDS)[number],
  v: Values,
  config: Config,
  audit: AuditLog,
  actor: { kind: 'operator'; name: string },
) {
  // Each command loads its own module: a tool run stays quick (retention alone brings the content code).
  if (command === 'export') {
    const { exportData, toCsv } = await import('../commands/privacy/exporter.ts');
    const scope = scopeOf(v);
    const fmt = format(v);
    const data = await exportData(scope).catch((e: Error) => Promise.reject(new UsageError(e.message)));
    await audit.record({ actor, action: 'export', ...data.platform, ...auditTarget(scope), detail: { scope: scope.kind, format: fmt } });
    return out(fmt === 'csv' ? toCsv(data) : data);
  }
  if (command === 'delete') {
    const scope = scopeOf(v);
    const apply = Boolean(v.apply);
    if (apply && v.confirm !== confirmationOf(scope)) {
      throw new UsageError(
        `deletion is irreversible: repeat the id to confirm, e.g. --apply --confirm ${confirmationOf(scope)} (run without --apply first to see the counts)`,
      );
    }
    const { deleteData } = await import('../commands/privacy/deleter.ts');
    const report = await deleteData(scope, { dryRun: !apply }).catch((e: Error) => Promise.reject(new UsageError(e.message)));
    if (apply) {
      // A student's deletion is recorded in each of their courses, so each course's trail shows it.
      const courses = scope.kind === 'student' && !scope.courseId && report.courseIds.length ? report.courseIds : [undefined];
      for (const courseId of courses) {
        await audit.record({
          actor,
          action: 'delete',
          ...report.platform,
          ...auditTarget(scope),
          ...(courseId ? { courseId } : {}),
          detail: { scope: scope.kind, counts: report.counts },
        });
      }
    }
    out({
      ...report,
      scope: describeScope(scope),
      ...(apply ? {} : { next: `to delete, run again with --apply --confirm ${confirmationOf(scope)}` }),
    });
    return;
  }
  if (command === 'retention') {
    const platform = v.issuer || v['client-id'] ? platformOf(v) : undefined;
    const { runRetention } = await import('../commands/privacy/retention.ts');
    const report = await runRetention({ dryRun: !v.apply, log: createLogger('warn'), ...(platform ? { platform } : {}), audit });
    return out(v.apply ? report : { ...report, next: 'nothing was changed; run again with --apply to do this' });
  }
  if (command === 'audit') {
    const p = platformOf(v);
    const since = v.since ? new Date(v.since) : undefined;
    if (since && Number.isNaN(since.getTime())) throw new UsageError('--since must be a date such as 2026-01-01');
    const entries = await audit.list({ ...p, ...(v.course ? { courseId: v.course } : {}), ...(since ? { since } : {}) });
    if (format(v) === 'json') return out(entries);
    const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const rows = entries.map((e) =>
      [e.at, e.action, e.actorKind, e.actor, e.course, e.subject, JSON.stringify(e.detail)].map(cell).join(','),
    );
    return out(`at,action,actor_kind,actor,course,subject,detail\r\n${rows.map((r) => `${r}\r\n`).join('')}`);
  }
  if (command === 'settings') {
    const p = platformOf(v);
    const num = (k: keyof Values) => (v[k] === undefined ? undefined : Number(v[k]));
    const pseudo = v.pseudonymous === undefined ? undefined : v.pseudonymous === 'on' ? true : v.pseudonymous === 'off' ? false : 'bad';
    if (pseudo === 'bad') throw new UsageError('--pseudonymous must be on or off');
    const change = Object.fromEntries(
      Object.entries({
        pseudonymous: pseudo,
        answerLogDays: num('answer-log-days'),
        inactiveCourseMonths: num('inactive-course-months'),
        departedGraceDays: num('departed-grace-days'),
        noticeDays: num('notice-days'),
      }).filter(([, x]) => x !== undefined),
    );
    if (Object.keys(change).length === 0) return out(await privacySettingsFor(p.issuer, p.clientId));
    const parsed = settingsChange.safeParse(change);
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('\n'));
    const now = await changePrivacySettings(p.issuer, p.clientId, parsed.data);
    await audit.record({ actor, action: 'change-privacy-settings', ...p, detail: parsed.data });
    return out(now);
  }
  if (!config.dataKey || !config.dataKeyPrevious)
    throw new UsageError('rotate-key needs PATHWISE_DATA_KEY (the new key) and PATHWISE_DATA_KEY_PREVIOUS (the old one)');
  const { rotateDataKey } = await import('../commands/privacy/keyRotation.ts');
  const report = await rotateDataKey({ current: config.dataKey, previous: config.dataKeyPrevious, dryRun: !v.apply });
  out(v.apply ? report : { ...report, next: 'nothing was changed; run again with --apply to re-encrypt' });
}

function auditTarget(s: ScopeRequest) {
  if (s.kind === 'student') return { subjectId: s.personId, ...(s.courseId ? { courseId: s.courseId } : {}) };
  if (s.kind === 'course') return { courseId: s.courseId };
  return { issuer: s.issuer, clientId: s.clientId };
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || !(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`commands: ${COMMANDS.join(', ')} (see the header of src/cli/privacy.ts)`);
  const { values } = parse(rest);
  const config = loadConfig();
  const audit = new AuditLog(deriveKey(resolveSecret(config), 'audit'));
  const actor = { kind: 'operator' as const, name: `operator ${values.actor ?? os.userInfo().username}` };
  await withDatabase(config, () => run(command as (typeof COMMANDS)[number], values, config, audit, actor));
}

runTool('privacy', () => main(process.argv.slice(2)));
