/** What Pathwise tells a platform about itself, shared by Dynamic Registration and the Canvas JSON. */
import { SCOPES } from './claims.ts';

export const TOOL_NAME = 'Pathwise';
export const TOOL_DESCRIPTION = 'Personalised, mastery-based practice: each student works at the edge of what they can do, and grades follow demonstrated mastery.';
export const WANTED_SCOPES = [SCOPES.lineItem, SCOPES.lineItemReadonly, SCOPES.resultReadonly, SCOPES.score, SCOPES.nrps];

export function toolUrls(publicUrl: string) {
  return {
    login: `${publicUrl}/lti/login`,
    launch: `${publicUrl}/lti/launch`,
    keys: `${publicUrl}/lti/keys`,
    teacher: `${publicUrl}/lti/launch?view=teacher`,
    domain: new URL(publicUrl).host,
  };
}
