/** Roles and organisation kinds, shared by the server's policy and the web app's navigation. */
export const ROLES = [
  'admin',
  'programme_manager',
  'mentor',
  'cso_manager',
  'case_worker',
  'municipal_monitor',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['consortium', 'cso', 'municipality', 'donor'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const LANGUAGES = ['ka', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'ka';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
