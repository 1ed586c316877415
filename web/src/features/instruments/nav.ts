import type { NavItem } from '../../navigation';

export const instrumentsNav: NavItem = { to: '/instruments', label: 'nav.instruments' };
