import type { Me } from '../../common/schemas/user';
import { auditNav } from './features/audit/nav';
import { capacityNav } from './features/capacity/nav';
import { casesNav } from './features/cases/nav';
import { exportsNav } from './features/exports/nav';
import { homeNav } from './features/home/nav';
import { instrumentsNav } from './features/instruments/nav';
import { offlineNav } from './features/offline/nav';
import { learningNav } from './features/learning/nav';
import { organisationsNav } from './features/organisations/nav';
import { placesNav } from './features/places/nav';
import { profileNav } from './features/profile/nav';
import { responsesNav } from './features/responses/nav';
import { usersNav } from './features/users/nav';

/** A feature's entry in the main navigation; each feature declares its own (features/<feature>/nav). */
export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  /** Shown only when the user holds this permission; absent: everyone signed in. */
  permission?: string;
}

/** The navigation, in menu order: a feature appears here once it is built. */
export const NAV_ITEMS: NavItem[] = [homeNav, ...casesNav, organisationsNav, capacityNav, learningNav, instrumentsNav, responsesNav, offlineNav, exportsNav, usersNav, placesNav, auditNav, profileNav];

export function navItemsFor(me: Me): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || me.permissions.includes(item.permission));
}
