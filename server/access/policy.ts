import type { OrganisationKind, Role } from '../../common/roles';

/**
 * Who may see and change what, written once. The gateway turns these rules into SQL; route
 * handlers never decide access themselves.
 *
 * Organisation scope: which organisations' records a role reaches.
 * - all:          every organisation (consortium staff, and the donor for reading)
 * - assigned:     own organisation and the CSOs the mentor is assigned to
 * - municipality: own organisation and the CSOs working in the same municipalities
 * - own:          own organisation only
 * - none:         no organisation's records
 *
 * Scope is computed per kind of access, never merged across roles into something wider: what a
 * user may *read* is the union of what each role reads; what a user may *change* is the union of
 * what each role holding that permission may change. A viewer reads everything only from a donor
 * or consortium organisation; a viewer on a CSO or municipality reads its own organisation, so no
 * combination of roles gives a CSO user the donor's reach.
 */
export type OrganisationScope = 'all' | 'assigned' | 'municipality' | 'own' | 'none';

export function readScope(role: Role, kind: OrganisationKind): OrganisationScope {
  switch (role) {
    case 'admin':
    case 'programme_manager':
      return 'all';
    case 'viewer':
      return kind === 'donor' || kind === 'consortium' ? 'all' : 'own';
    case 'mentor':
      return 'assigned';
    case 'municipal_monitor':
      return 'municipality';
    case 'cso_manager':
    case 'case_worker':
      return 'own';
  }
}

/** Where a role may create and change records. Monitoring staff read CSOs' records; they write only their own. */
export const WRITE_SCOPE: Record<Role, OrganisationScope> = {
  admin: 'all',
  programme_manager: 'all',
  mentor: 'assigned',
  municipal_monitor: 'own',
  cso_manager: 'own',
  case_worker: 'own',
  viewer: 'none',
};

/**
 * Personal data of the people a CSO serves (forms about a person, later case files) stays inside
 * the organisation that serves them, with the roles that serve them; everyone else sees it only
 * through a grant (an accepted referral, break-glass) or as aggregates.
 */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['cso_manager', 'case_worker'];

/**
 * Who answers a referral addressed to their organisation (accept, decline, complete): the
 * receiving CSO's staff, and a city hall's municipal monitors when the referral goes to the
 * municipality's state services. Once accepted, they read the agreed subset of the person
 * through the referral's grant; nothing else of the sender's cases.
 */
export const REFERRAL_RECEIVER_ROLES: readonly Role[] = ['cso_manager', 'case_worker', 'municipal_monitor'];

/**
 * A training participant's results (progress, tests, certificates): besides the learner, their
 * CSO's managers and programme staff; not colleagues (case workers) one by one.
 */
export const PARTICIPANT_DATA_ROLES: readonly Role[] = ['admin', 'programme_manager', 'cso_manager'];

/**
 * An organisation's capacity assessments, rater by rater, are working documents of the CSO and
 * those who accompany it; municipal monitors and the donor see them as aggregates only.
 */
export const CAPACITY_DATA_ROLES: readonly Role[] = ['admin', 'programme_manager', 'mentor', 'cso_manager', 'case_worker'];

/** Besides the learner: who follows a learner's progress, tests and certificates (within participant reach). */
export const LEARNER_PROGRESS_ROLES = PARTICIPANT_DATA_ROLES;

/** Actions beyond reading in scope. Writes are still limited to records in the role's write scope. */
export const PERMISSIONS = {
  'organisations.create': ['admin', 'programme_manager'],
  'organisations.update': ['admin', 'programme_manager', 'cso_manager'],
  /** Which municipalities an organisation serves decides whose view its records are in: programme staff only. */
  'organisations.placement': ['admin', 'programme_manager'],
  'users.manage': ['admin'],
  'audit.read': ['admin'],
  'reference.manage': ['admin'],
  'instruments.design': ['admin', 'programme_manager'],
  /** Read filled-in forms in scope. The donor sees aggregates only. */
  'responses.read': ['admin', 'programme_manager', 'mentor', 'cso_manager', 'case_worker', 'municipal_monitor'],
  /** Fill in forms, within the role's write scope. */
  'responses.fill': ['admin', 'programme_manager', 'mentor', 'cso_manager', 'case_worker', 'municipal_monitor'],
  /** A CSO's capacity records one by one (assessments, plan, mentoring...): municipal and donor users get aggregates only. */
  'capacity.read': CAPACITY_DATA_ROLES,
  /** Define assessment rounds (programme-wide). */
  'capacity.rounds': ['admin', 'programme_manager'],
  /** Run assessments and keep development plans and supervision records, within the write scope. */
  'capacity.assess': ['admin', 'programme_manager', 'mentor', 'cso_manager'],
  /** Log mentoring sessions: consortium staff. */
  'capacity.mentoring': ['admin', 'programme_manager', 'mentor'],
  /** Record material and infrastructure support delivered: programme staff. */
  'capacity.support': ['admin', 'programme_manager'],
  /** Read people served, cases and referrals: the scope decides (404 outside it); everyone else sees aggregates. */
  'cases.read': ['admin', 'programme_manager', 'mentor', 'cso_manager', 'case_worker', 'municipal_monitor', 'viewer'],
  /** Register people, record consent, open and work cases, send and answer referrals. */
  'cases.work': ['cso_manager', 'case_worker'],
  /** Answer a referral addressed to one's own organisation (a CSO, or a city hall's state services). */
  'cases.referrals.answer': REFERRAL_RECEIVER_ROLES,
  /** Supervision: decide approvals, break-glass, subject access, erasure and retention. */
  'cases.supervise': ['cso_manager'],
  'services.manage': ['admin', 'programme_manager', 'cso_manager'],
  /** Write and publish the learning catalogue, run live trainings: consortium staff. */
  'learning.author': ['admin', 'programme_manager'],
  /** Enrol, study, take tests: anyone who works in the programme (not the donor). */
  'learning.learn': ['admin', 'programme_manager', 'mentor', 'cso_manager', 'case_worker', 'municipal_monitor'],
  /** Read the staff register and learners' progress lists (the row rules narrow progress further). */
  'learning.staff': ['admin', 'programme_manager', 'mentor', 'cso_manager', 'case_worker'],
  /** Keep the staff register, within the write scope. */
  'learning.staff.manage': ['admin', 'programme_manager', 'cso_manager'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => hasPermission(roles, p));
}

/** Which roles an organisation of each kind may hold; keeps admins from granting nonsense. */
export const ROLES_BY_ORGANISATION_KIND: Record<OrganisationKind, readonly Role[]> = {
  consortium: ['admin', 'programme_manager', 'mentor', 'viewer'],
  cso: ['cso_manager', 'case_worker', 'viewer'],
  municipality: ['municipal_monitor', 'viewer'],
  donor: ['viewer'],
};
