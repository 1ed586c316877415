import { eq, inArray } from 'drizzle-orm';
import { translate } from '../../../common/i18n/translate';
import type { Language, Role } from '../../../common/roles';
import type { User, UserInput, UserPatch } from '../../../common/schemas/user';
import type { Gateway } from '../../access/gateway';
import { ROLES_BY_ORGANISATION_KIND } from '../../access/policy';
import { OWNED } from '../../access/registry';
import { diff } from '../../audit/log';
import { issueCredentials, revokeUserSessions } from '../../auth';
import { HttpProblem, invalidField } from '../../http/problem';
import type { AccountEmail, Mailer, Recipient } from '../../mail';
import { getUser } from './queries';

const users = OWNED.users.table;
const assignments = OWNED.mentorAssignments;

/** The organisation must be in scope, and the roles must be ones its kind can hold. */
async function assertRolesFit(gw: Gateway, organisationId: string, roles: Role[]) {
  const [org] = await gw.select(OWNED.organisations, { kind: OWNED.organisations.table.kind }, { where: eq(OWNED.organisations.table.id, organisationId) });
  if (!org) throw invalidField('organisationId', 'validation.unknownOrganisation');
  const allowed = ROLES_BY_ORGANISATION_KIND[org.kind];
  const misfit = roles.filter((role) => !allowed.includes(role));
  // Named by their labels in the answer's language, not by their codes.
  const labels = (lang: Language) => misfit.map((role) => translate(lang, `roles.${role}`)).join(', ');
  if (misfit.length) throw invalidField('roles', 'validation.roleNotForOrganisation', { roles: labels });
}

async function replaceAssignments(gw: Gateway, userId: string, organisationIds: string[]) {
  await gw.delete(assignments, eq(assignments.table.userId, userId));
  const unique = [...new Set(organisationIds)];
  if (unique.length === 0) return;
  const orgs = OWNED.organisations.table;
  const found = await gw.select(OWNED.organisations, { id: orgs.id }, { where: inArray(orgs.id, unique) });
  if (found.length !== unique.length) throw invalidField('mentorOrganisationIds', 'validation.unknownOrganisation');
  await gw.insertLinks(assignments, unique.map((organisationId) => ({ userId, organisationId })));
}

/** How the account emails go out: undefined mailer = no SMTP, the admin hands the link over. */
export interface MailContext {
  mailer: Mailer | undefined;
  onMailError: (error: unknown) => void;
}

interface Credentials {
  setPasswordPath?: string;
  temporaryPassword?: string;
  expiresAt?: Date;
}

/**
 * With SMTP, a set-password link goes to the user by email and the admin no longer sees it (only
 * whom it went to); when the email cannot be sent the admin gets the link, as without SMTP.
 */
async function handOver(mail: MailContext, kind: AccountEmail, to: Recipient, credentials: Credentials) {
  const { setPasswordPath, expiresAt } = credentials;
  if (!mail.mailer || !setPasswordPath || !expiresAt) return credentials;
  try {
    await mail.mailer.sendAccountEmail(kind, to, setPasswordPath, expiresAt);
    return { emailedTo: to.email, expiresAt };
  } catch (error) {
    mail.onMailError(error);
    return { ...credentials, emailFailed: true };
  }
}

export async function createUser(gw: Gateway, input: UserInput, mail: MailContext) {
  await assertRolesFit(gw, input.organisationId, input.roles);
  // Admins reach every account; a race past this check meets the unique index (409 duplicate).
  const taken = await gw.count(OWNED.users, { where: eq(users.email, input.email) });
  if (taken) throw new HttpProblem('duplicate', [{ field: 'email', key: 'validation.emailTaken' }]);
  const { passwordSetup, mentorOrganisationIds = [], ...fields } = input;
  const result = await gw.transaction(async (tx) => {
    const row = await tx.insert(OWNED.users, fields, { changes: diff({}, { ...fields, mentorOrganisationIds }) });
    await replaceAssignments(tx, row.id, mentorOrganisationIds);
    const credentials = await issueCredentials(tx, row.id, passwordSetup);
    return { id: row.id, credentials };
  });
  const credentials = await handOver(mail, 'invitation', input, result.credentials);
  return { user: await getUser(gw, result.id), credentials };
}

export async function updateUser(gw: Gateway, id: string, patch: UserPatch): Promise<User> {
  const before = await getUser(gw, id);
  const { version, mentorOrganisationIds, ...fields } = patch;
  if (fields.organisationId || fields.roles) {
    await assertRolesFit(gw, fields.organisationId ?? before.organisationId, fields.roles ?? before.roles);
  }
  if (id === gw.actor.userId && (fields.active === false || (fields.roles && !fields.roles.includes('admin')))) {
    throw invalidField(fields.active === false ? 'active' : 'roles', 'validation.cannotLockOutSelf');
  }
  await gw.transaction(async (tx) => {
    await tx.update(OWNED.users, id, { version, set: fields }, {
      action: fields.active === false && before.active ? 'deactivate' : 'update',
      organisationId: fields.organisationId ?? before.organisationId,
      changes: diff(before as unknown as Record<string, unknown>, { ...fields, mentorOrganisationIds }),
    });
    if (mentorOrganisationIds) await replaceAssignments(tx, id, mentorOrganisationIds);
    // Deactivation takes effect at once: every open session of the user ends now.
    if (fields.active === false) await revokeUserSessions(tx, id);
  });
  return getUser(gw, id);
}

export async function resetPassword(gw: Gateway, id: string, mode: 'link' | 'temporary', mail: MailContext) {
  const target = await gw.findForUpdate(OWNED.users, id);
  const credentials = await gw.transaction(async (tx) => {
    const credentials = await issueCredentials(tx, id, mode);
    await revokeUserSessions(tx, id);
    await tx.audit({ action: 'reset_password', entityType: 'user', entityId: id, organisationId: target.organisationId, changes: { passwordSetup: { to: mode } } });
    return credentials;
  });
  return handOver(mail, 'reset', target, credentials);
}
