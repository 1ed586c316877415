import enAudit from './en/audit.json';
import enAuth from './en/auth.json';
import enCapacity from './en/capacity.json';
import enCases from './en/cases.json';
import enCore from './en/core.json';
import enExports from './en/exports.json';
import enHome from './en/home.json';
import enInstruments from './en/instruments.json';
import enOrganisations from './en/organisations.json';
import enPlaces from './en/places.json';
import enResponses from './en/responses.json';
import enUsers from './en/users.json';
import enOffline from './en/offline.json';
import enLearning from './en/learning.json';

/** The English catalogue: every feature's file, merged (see catalogues.ts). */
export const en = { ...enCore, ...enAuth, ...enHome, ...enAudit, ...enExports, ...enInstruments, ...enOrganisations, ...enPlaces, ...enResponses, ...enUsers, ...enCapacity, ...enCases, ...enOffline, ...enLearning } as const;
