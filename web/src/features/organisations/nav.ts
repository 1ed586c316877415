import type { NavItem } from '../../navigation';

export const organisationsNav: NavItem = { to: '/organisations', label: 'nav.organisations' };
