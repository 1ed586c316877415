import { en } from './en';
import { ka } from './ka';

/**
 * The message catalogues, one file per feature and language (`<lang>/<feature>.json`, each with
 * the feature's own top-level key; `core.json` holds what every feature shares). A feature adds
 * its pair of files and one line in `ka.ts` and `en.ts` (kept apart so that the web app downloads
 * only the language it shows); a test fails when ka and en differ.
 */
export const catalogues = { ka, en } as const;
