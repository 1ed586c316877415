import type { NavItem } from '../../navigation';

export const learningNav: NavItem = { to: '/learning', label: 'nav.learning' };
