import type { Me } from '../../common/schemas/user';

export interface NavItem {
  to: string;
  label: string;
  /** Shown only when the user holds this permission; absent: everyone signed in. */
  permission?: string;
}

/** Modules in the navigation; a module appears here only once it is built. */
export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'nav.home' },
  { to: '/organisations', label: 'nav.organisations' },
  { to: '/instruments', label: 'nav.instruments' },
  { to: '/responses', label: 'nav.responses', permission: 'responses.fill' },
  { to: '/users', label: 'nav.users', permission: 'users.manage' },
  { to: '/places', label: 'nav.places', permission: 'reference.manage' },
  { to: '/audit', label: 'nav.audit', permission: 'audit.read' },
  { to: '/profile', label: 'nav.profile' },
];

export function navItemsFor(me: Me): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || me.permissions.includes(item.permission));
}
