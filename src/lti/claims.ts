/** LTI 1.3 claim names and the role mapping, in one place. */
import type { Role } from '../repositories/models/Enrollment.ts';

export const CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  deepLinking: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
} as const;

export const SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

const ADMIN = [
  'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin',
  'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator',
];
const INSTRUCTOR = [
  'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  'http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper',
  'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
];

/**
 * Converts LTI role URIs to Pathwise's role, once, at launch. Context roles decide (an
 * institution administrator who is a learner in this course practises as a learner); a system or
 * institution administrator without a course role administers. Short names ("Instructor") are
 * accepted because the spec allows them for context roles.
 */
export function toRole(roles: readonly string[]): Role {
  const has = (list: string[], short: string) =>
    roles.some((r) => list.includes(r) || r === short || (r.endsWith(`#${short}`) && r.includes('/membership')));
  if (roles.some((r) => r.includes('/membership') && ADMIN.includes(r))) return 'admin';
  if (has(INSTRUCTOR, 'Instructor') || has([], 'ContentDeveloper') || roles.some((r) => r.includes('membership/Instructor#')))
    return 'instructor';
  if (roles.some((r) => r.includes('/membership#Learner') || r === 'Learner' || r.includes('membership/Learner#'))) return 'learner';
  if (roles.some((r) => ADMIN.includes(r))) return 'admin';
  return 'learner';
}

/**
 * An observer or mentor (a Canvas observer, a parent, the LIS `Mentor` role) with no teaching or
 * learning role of their own. Pathwise shows them nothing rather than the whole class: a read-only
 * view limited to the students of `role_scope_mentor` is not built yet (docs/security.md).
 */
export function isObserverOnly(roles: readonly string[]): boolean {
  const mentor = roles.some((r) => /(^|#|\/)Mentor($|#)|membership\/Mentor#|#Observer$/.test(r));
  if (!mentor) return false;
  const other = roles.some((r) =>
    /membership#(Instructor|Learner|Administrator|ContentDeveloper)$|membership\/(Instructor|Learner)#|^(Instructor|Learner|ContentDeveloper|Administrator)$/.test(
      r,
    ),
  );
  return !other;
}
