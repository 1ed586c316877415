import type { NavItem } from '../../navigation';

/** Case management's entries: people, referrals, approvals (managers), the services catalogue, the figures, retention (managers). */
export const casesNav: NavItem[] = [
  { to: '/people', label: 'cases.nav.people', permission: 'cases.work' },
  { to: '/referrals', label: 'cases.nav.referrals', permission: 'cases.referrals.answer' },
  { to: '/approvals', label: 'cases.nav.approvals', permission: 'cases.supervise' },
  { to: '/services', label: 'cases.nav.services', permission: 'cases.read' },
  { to: '/case-figures', label: 'cases.nav.aggregates', permission: 'cases.read' },
  { to: '/retention', label: 'cases.nav.retention', permission: 'cases.supervise' },
];
