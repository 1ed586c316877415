/** Instruments: what other features may use. */
export { publishedForFilling } from './service';
export { instrumentRoutes } from './routes';
export { seedBuiltInInstruments } from './seed';
