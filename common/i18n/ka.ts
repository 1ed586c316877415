import kaAudit from './ka/audit.json';
import kaAuth from './ka/auth.json';
import kaCapacity from './ka/capacity.json';
import kaCases from './ka/cases.json';
import kaCore from './ka/core.json';
import kaExports from './ka/exports.json';
import kaHome from './ka/home.json';
import kaInstruments from './ka/instruments.json';
import kaOrganisations from './ka/organisations.json';
import kaPlaces from './ka/places.json';
import kaResponses from './ka/responses.json';
import kaUsers from './ka/users.json';
import kaOffline from './ka/offline.json';
import kaLearning from './ka/learning.json';

/** The Georgian catalogue: every feature's file, merged (see catalogues.ts). */
export const ka = { ...kaCore, ...kaAuth, ...kaHome, ...kaAudit, ...kaExports, ...kaInstruments, ...kaOrganisations, ...kaPlaces, ...kaResponses, ...kaUsers, ...kaCapacity, ...kaCases, ...kaOffline, ...kaLearning } as const;
