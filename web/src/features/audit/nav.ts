import type { NavItem } from '../../navigation';

export const auditNav: NavItem = { to: '/audit', label: 'nav.audit', permission: 'audit.read' };
