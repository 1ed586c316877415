import { useQuery } from '@tanstack/react-query';
import type { Me } from '../../../common/schemas/user';
import { applyLanguage } from '../i18n';
import { api, setCsrfToken } from './client';

export const ME_KEY = ['me'] as const;

let resetByEmail = false;

/** Whether the server can email password-reset links (ERTAD_SMTP_URL); known once useMe has answered. */
export function passwordResetByEmail(): boolean {
  return resetByEmail;
}

async function fetchMe(): Promise<Me | null> {
  // Signed out is a 200 with `me: null` here, so a visitor's browser logs no failed request.
  const session = await api<{ me: Me | null; resetByEmail?: boolean }>('GET', '/auth/session');
  resetByEmail = session.resetByEmail ?? false;
  const { me } = session;
  if (!me) return null;
  setCsrfToken(me.csrfToken);
  void applyLanguage(me.user.language);
  return me;
}

/** The signed-in user, or null when signed out. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

export function can(me: Me | null | undefined, permission: string): boolean {
  return !!me?.permissions.includes(permission);
}
