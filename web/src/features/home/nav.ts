import type { NavItem } from '../../navigation';

export const homeNav: NavItem = { to: '/', label: 'nav.home' };
