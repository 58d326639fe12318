/**
 * A teacher's export of their own course: everything Pathwise holds about it and its students,
 * as JSON or CSV, so a school can answer an access request from the course page. Each export is
 * audited. Wider scopes (a student across courses, a whole school) and deletion are the
 * operator's (npm run privacy).
 */
import express from 'express';
import { z } from 'zod';
import { can } from '../authorization.ts';
import { ForbiddenError } from '../errors.ts';
import { exportData, toCsv } from '../commands/privacy/exporter.ts';
import type { AuditLog } from '../repositories/audit.ts';
import type { SessionSigner } from '../session.ts';
import { idParam, sessionFrom } from './practice.ts';

const format = z.enum(['json', 'csv']);

export function privacyRouter(deps: { sessions: SessionSigner; audit: AuditLog }) {
  const router = express.Router();

  router.get('/courses/:courseId/export.:format', async (req, res, next) => {
    try {
      const courseId = idParam(req.params.courseId);
      const session = await sessionFrom(deps.sessions, req);
      if (!can(session, 'teach', { courseId }))
        throw new ForbiddenError('Only the course’s teachers can export its data.', 'Ask your school’s Pathwise operator for an export.');
      const fmt = format.safeParse(req.params.format);
      if (!fmt.success) throw new ForbiddenError('Exports are available as .json or .csv.');
      const data = await exportData({ kind: 'course', courseId });
      await deps.audit.record({
        actor: { kind: 'teacher', personId: session.personId },
        action: 'export',
        courseId,
        detail: { format: fmt.data, collections: Object.keys(data.collections).length },
      });
      const stamp = data.exportedAt.slice(0, 10);
      res.setHeader('Cache-Control', 'no-store');
      res.attachment(`pathwise-course-${courseId}-${stamp}.${fmt.data}`);
      if (fmt.data === 'csv') return res.type('text/csv; charset=utf-8').send(toCsv(data));
      res.type('application/json').send(JSON.stringify(data, null, 2));
    } catch (err) {
      next(err);
    }
  });

  return router;
}
