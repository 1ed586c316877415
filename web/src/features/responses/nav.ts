import type { NavItem } from '../../navigation';

export const responsesNav: NavItem = { to: '/responses', label: 'nav.responses', permission: 'responses.fill' };
