import type { Language, OrganisationKind, Role } from '../../common/roles';

/** The signed-in user a request acts for, as read from the session. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: Role[];
  language: Language;
  sessionTokenHash: string;
  csrfToken: string;
  mustChangePassword: boolean;
}
