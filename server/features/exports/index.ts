/** Background exports (pg-boss jobs writing to the storage module); see routes.ts. */
export { exportRoutes } from './routes';
