/** CSO capacity development: what other features may use. */
export { capacityRoutes } from './routes';
export { planProgressOf } from './plan';
