import type { OrganisationKind, Role } from '../../common/roles';

/**
 * Who may see and change what, written once. The gateway turns these rules into SQL; route
 * handlers never decide access themselves.
 *
 * Organisation scope: which organisations' records a role reaches.
 * - all:          every organisation (consortium staff and the donor)
 * - assigned:     own organisation and the CSOs the mentor is assigned to
 * - municipality: own organisation and the CSOs working in the same municipalities
 * - own:          own organisation only
 */
export type OrganisationScope = 'all' | 'assigned' | 'municipality' | 'own';

export const ORGANISATION_SCOPE: Record<Role, OrganisationScope> = {
  admin: 'all',
  programme_manager: 'all',
  viewer: 'all',
  mentor: 'assigned',
  municipal_monitor: 'municipality',
  cso_manager: 'own',
  case_worker: 'own',
};

/** Actions beyond reading in scope. Writes are still limited to records in the role's scope. */
export const PERMISSIONS = {
  'organisations.create': ['admin', 'programme_manager'],
  'organisations.update': ['admin', 'programme_manager', 'cso_manager'],
  'users.manage': ['admin'],
  'audit.read': ['admin'],
  'reference.manage': ['admin'],
  'instruments.design': ['admin', 'programme_manager'],
  /** Fill in and read responses (always within the organisation scope). The donor sees aggregates only. */
  'responses.fill': ['admin', 'programme_manager', 'mentor', 'cso_manager', 'case_worker', 'municipal_monitor'],
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
