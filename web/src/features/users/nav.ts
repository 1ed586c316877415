import type { NavItem } from '../../navigation';

export const usersNav: NavItem = { to: '/users', label: 'nav.users', permission: 'users.manage' };
