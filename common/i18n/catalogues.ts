import enAudit from './en/audit.json';
import enAuth from './en/auth.json';
import enCases from './en/cases.json';
import enCore from './en/core.json';
import enHome from './en/home.json';
import enInstruments from './en/instruments.json';
import enOrganisations from './en/organisations.json';
import enPlaces from './en/places.json';
import enResponses from './en/responses.json';
import enUsers from './en/users.json';
import kaAudit from './ka/audit.json';
import kaAuth from './ka/auth.json';
import kaCases from './ka/cases.json';
import kaCore from './ka/core.json';
import kaHome from './ka/home.json';
import kaInstruments from './ka/instruments.json';
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
  ka: { ...kaCore, ...kaAuth, ...kaHome, ...kaOrganisations, ...kaUsers, ...kaAudit, ...kaPlaces, ...kaInstruments, ...kaResponses, ...kaCases },
  en: { ...enCore, ...enAuth, ...enHome, ...enOrganisations, ...enUsers, ...enAudit, ...enPlaces, ...enInstruments, ...enResponses, ...enCases },
} as const;
