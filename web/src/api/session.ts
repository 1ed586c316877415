import { useQuery } from '@tanstack/react-query';
import type { Me } from '../../../common/schemas/user';
import { applyLanguage } from '../i18n';
import { api, ApiError, setCsrfToken } from './client';

export const ME_KEY = ['me'] as const;

let resetByEmail = false;

/** Whether the server can email password-reset links (ERTAD_SMTP_URL); known once useMe has answered. */
export function passwordResetByEmail(): boolean {
  return resetByEmail;
}

/**
 * Who was signed in, kept only for users who fill in forms, so that the app opens without a
 * connection and they reach the forms kept on the device. Removed at sign-out (features/offline).
 */
export const KEPT_ME = 'ertad.offline.me';

function keptMe(): Me | null {
  try {
    const kept = localStorage.getItem(KEPT_ME);
    return kept ? (JSON.parse(kept) as Me) : null;
  } catch {
    return null;
  }
}

async function fetchMe(): Promise<Me | null> {
  let me: Me | null;
  try {
    // Signed out is a 200 with `me: null` here, so a visitor's browser logs no failed request.
    const session = await api<{ me: Me | null; resetByEmail?: boolean }>('GET', '/auth/session');
    resetByEmail = session.resetByEmail ?? false;
    me = session.me;
  } catch (error) {
    const kept = error instanceof ApiError && error.status === 0 ? keptMe() : null;
    if (!kept) throw error;
    void applyLanguage(kept.user.language);
    return kept;
  }
  if (!me) {
    localStorage.removeItem(KEPT_ME);
    return null;
  }
  setCsrfToken(me.csrfToken);
  void applyLanguage(me.user.language);
  if (me.permissions.includes('responses.fill')) localStorage.setItem(KEPT_ME, JSON.stringify({ ...me, csrfToken: '' }));
  else localStorage.removeItem(KEPT_ME);
  return me;
}

/** The signed-in user, or null when signed out; without a connection, the user kept for offline work. */
export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false, networkMode: 'always' });
}

export function can(me: Me | null | undefined, permission: string): boolean {
  return !!me?.permissions.includes(permission);
}
