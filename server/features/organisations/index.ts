/** Organisations: what other features may use. */
export { getOrganisation } from './queries';
export { organisationRoutes } from './routes';
