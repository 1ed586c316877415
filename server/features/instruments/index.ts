/** Instruments: what other features may use. */
export { offlinePack, publishedForFilling, versionForFilling } from './service';
export { instrumentRoutes } from './routes';
export { seedBuiltInInstruments } from './seed';
