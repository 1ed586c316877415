/** Case management: people served, consent, cases, service plans, sessions, referrals. */
export { caseRoutes } from './routes';
