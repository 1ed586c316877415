import type { NavItem } from '../../navigation';

export const offlineNav: NavItem = { to: '/offline', label: 'offline.nav', permission: 'responses.fill' };
