/** Regions and municipalities: programme-wide reference data. */
export { listMunicipalities, listRegions } from './queries';
export { placeRoutes } from './routes';
