/**
 * Every action the audit log records and every kind of record it names, written once. Writers
 * can only use these (the types say so), the audit page labels them from the catalogues
 * (`audit.actions.*`, `audit.entities.*`), and a test checks both languages have every label.
 */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'deactivate',
  'login',
  'login_failed',
  'lock',
  'reset_password',
  'set_password',
  'change_password',
  'update_profile',
  'seed_demo',
  'create_admin_cli',
  'save_draft',
  'open_draft',
  'publish',
  'seed_instrument',
  'submit',
  'amend',
  'read',
  'list',
  'export',
  'attach',
  'grant',
  'revoke_grant',
  'accept_grant',
  'break_glass',
  'decide',
  'erase',
  'subject_access',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITIES = [
  'organisation',
  'user',
  'region',
  'municipality',
  'system',
  'instrument',
  'response',
  'attachment',
  'audit_entry',
  'grant',
  'service',
  'person',
  'consent',
  'case',
  'case_plan',
  'case_session',
  'case_review',
  'case_approval',
  'referral',
  'referral_decision',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
