import type { NavItem } from '../../navigation';

export const placesNav: NavItem = { to: '/places', label: 'nav.places', permission: 'reference.manage' };
