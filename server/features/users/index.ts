/** User accounts: what other features may use. */
export { getUser } from './queries';
export { userRoutes } from './routes';
