import { queryOptions } from '@tanstack/react-query';
import type { KeyNumbers } from '../../../../common/schemas/dashboard';
import { api } from '../../api/client';

export const dashboardKeys = { all: ['dashboard'] as const };

export const dashboardQueries = {
  keyNumbers: () => queryOptions({ queryKey: dashboardKeys.all, queryFn: () => api<KeyNumbers>('GET', '/dashboard') }),
};
