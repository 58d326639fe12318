/**
 * Where each flavour's endpoints live, mimicking the real platforms:
 * - canvas: one issuer string shared by every "account" (`${baseUrl}/canvas-issuer`, not a page),
 *   endpoints at Canvas paths on the sandbox root (`/api/lti/...`, `/login/oauth2/token`).
 * - moodle: issuer = site URL (`${baseUrl}/moodle`), endpoints under `/mod/lti/*.php`, service URLs
 *   opaque with `?type_id=<tool type id>` (scores/results URL = line item path + suffix, same query).
 */
import type { Flavour, ToolRegistration } from './types.ts';

export interface FlavourUrls {
  issuer: string;
  productFamilyCode: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  openidConfigurationUrl: string;
  registrationEndpoint: string;
  lineItemsUrl(courseId: string, reg: ToolRegistration): string;
  lineItemUrl(courseId: string, lineItemId: string, reg: ToolRegistration): string;
  membershipsUrl(courseId: string, reg: ToolRegistration): string;
  deepLinkReturnUrl(courseId: string, reg: ToolRegistration): string;
}

/** Builds the URL set of a flavour for a sandbox served at `baseUrl`. */
export function flavourUrls(flavour: Flavour, baseUrl: string): FlavourUrls {
  const base = baseUrl.replace(/\/+$/, '');
  if (flavour === 'canvas') {
    return {
      issuer: `${base}/canvas-issuer`,
      productFamilyCode: 'canvas',
      authorizationEndpoint: `${base}/api/lti/authorize_redirect`,
      tokenEndpoint: `${base}/login/oauth2/token`,
      jwksUri: `${base}/api/lti/security/jwks`,
      openidConfigurationUrl: `${base}/api/lti/security/openid-configuration`,
      registrationEndpoint: `${base}/api/lti/registrations`,
      lineItemsUrl: (courseId) => `${base}/api/lti/courses/${courseId}/line_items`,
      lineItemUrl: (courseId, id) => `${base}/api/lti/courses/${courseId}/line_items/${id}`,
      membershipsUrl: (courseId) => `${base}/api/lti/courses/${courseId}/names_and_roles`,
      deepLinkReturnUrl: (courseId) => `${base}/courses/${courseId}/deep_linking_response`,
    };
  }
  const site = `${base}/moodle`;
  return {
    issuer: site,
    productFamilyCode: 'moodle',
    authorizationEndpoint: `${site}/mod/lti/auth.php`,
    tokenEndpoint: `${site}/mod/lti/token.php`,
    jwksUri: `${site}/mod/lti/certs.php`,
    openidConfigurationUrl: `${site}/mod/lti/openid-configuration.php`,
    registrationEndpoint: `${site}/mod/lti/openid-registration.php`,
    lineItemsUrl: (courseId, reg) => `${site}/mod/lti/services.php/${courseId}/lineitems?type_id=${reg.toolTypeId}`,
    lineItemUrl: (courseId, id, reg) => `${site}/mod/lti/services.php/${courseId}/lineitems/${id}/lineitem?type_id=${reg.toolTypeId}`,
    membershipsUrl: (courseId, reg) => `${site}/mod/lti/services.php/CourseSection/${courseId}/bindings/${reg.toolTypeId}/memberships`,
    deepLinkReturnUrl: (courseId, reg) => `${site}/mod/lti/contentitem_return.php?course=${courseId}&id=${reg.toolTypeId}`,
  };
}

export const AGS_SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;
export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
export const ALL_SCOPES: readonly string[] = [...Object.values(AGS_SCOPES), NRPS_SCOPE];

export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  faculty: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty',
  student: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student',
} as const;

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  toolPlatform: `${LTI}tool_platform`,
  custom: `${LTI}custom`,
  launchPresentation: `${LTI}launch_presentation`,
  lis: `${LTI}lis`,
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  dlSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  dlContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  dlData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  dlMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
  dlLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/log',
  dlErrorMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/errormsg',
  dlErrorLog: 'https://purl.imsglobal.org/spec/lti-dl/claim/errorlog',
  canvasSubmission: 'https://canvas.instructure.com/lti/submission',
} as const;
