import { useQuery } from '@tanstack/react-query';
import type { Me } from '../../../common/schemas/user';
import { applyLanguage } from '../i18n';
import { api, ApiError, setCsrfToken } from './client';

export const ME_KEY = ['me'] as const;

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('GET', '/me');
    setCsrfToken(me.csrfToken);
    applyLanguage(me.user.language);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in user, or null when signed out. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function can(me: Me | null | undefined, permission: string): boolean {
  return !!me?.permissions.includes(permission);
}
