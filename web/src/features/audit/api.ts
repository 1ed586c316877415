import type { AuditEntry as AuditEntryRecord } from '../../../../common/schemas/audit';
import { pageQuery, type ListParams } from '../../api/queries';
import type { Wire } from '../../api/wire';

export type AuditEntry = Wire<AuditEntryRecord>;

export const auditKeys = { all: ['audit'] as const };

export const auditQueries = {
  list: (params: ListParams) => pageQuery<AuditEntry>(auditKeys.all, '/audit', params),
};
