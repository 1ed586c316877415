import type { NavItem } from '../../navigation';

export const casesNav: NavItem = { to: '/people', label: 'cases.nav.people', permission: 'cases.work' };
