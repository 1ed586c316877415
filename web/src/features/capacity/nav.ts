import type { NavItem } from '../../navigation';

export const capacityNav: NavItem = { to: '/capacity', label: 'nav.capacity' };
