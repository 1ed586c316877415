export { placeRoutes } from './routes';
