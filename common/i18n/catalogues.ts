import enAudit from './en/audit.json';
import enAuth from './en/auth.json';
import enCapacity from './en/capacity.json';
import enCases from './en/cases.json';
import enCore from './en/core.json';
import enExports from './en/exports.json';
import enHome from './en/home.json';
import enInstruments from './en/instruments.json';
import enLearning from './en/learning.json';
import enOrganisations from './en/organisations.json';
import enPlaces from './en/places.json';
import enResponses from './en/responses.json';
import enUsers from './en/users.json';
import kaAudit from './ka/audit.json';
import kaAuth from './ka/auth.json';
import kaCapacity from './ka/capacity.json';
import kaCases from './ka/cases.json';
import kaCore from './ka/core.json';
import kaExports from './ka/exports.json';
import kaHome from './ka/home.json';
import kaInstruments from './ka/instruments.json';
import kaLearning from './ka/learning.json';
import kaOrganisations from './ka/organisations.json';
import kaPlaces from './ka/places.json';
import kaResponses from './ka/responses.json';
import kaUsers from './ka/users.json';

/**
 * The message catalogues, one file per feature and language (`<lang>/<feature>.json`, each with
 * the feature's own top-level key; `core.json` holds what every feature shares). A feature adds
 * its pair of files and one line per language here; a test fails when ka and en differ.
 */
export const catalogues = {
  ka: { ...kaCore, ...kaAuth, ...kaHome, ...kaAudit, ...kaExports, ...kaInstruments, ...kaOrganisations, ...kaPlaces, ...kaResponses, ...kaUsers, ...kaCapacity, ...kaCases, ...kaLearning },
  en: { ...enCore, ...enAuth, ...enHome, ...enAudit, ...enExports, ...enInstruments, ...enOrganisations, ...enPlaces, ...enResponses, ...enUsers, ...enCapacity, ...enCases, ...enLearning },
} as const;
