/** The audit log's read side (writes go through the gateway's `audit`). */
export { auditRoutes } from './routes';
