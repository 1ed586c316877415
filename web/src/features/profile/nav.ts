import type { NavItem } from '../../navigation';

export const profileNav: NavItem = { to: '/profile', label: 'nav.profile' };
