import { useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { forgotPasswordInput, loginInput, Me, setPasswordInput } from '../../../../common/schemas/user';
import { api, setCsrfToken } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import { ME_KEY } from '../../api/session';
import { forgetEntryState } from '../../components/useEntryState';
import { applyLanguage } from '../../i18n';

export function useLogin(ui?: MutationUi<Me, z.input<typeof loginInput>>) {
  const client = useQueryClient();
  return useApiMutation(
    {
      mutationFn: async (input: z.input<typeof loginInput>) => {
        const me = await api<Me>('POST', '/auth/login', input);
        // What a previous session of this tab kept (one that expired rather than signed out).
        forgetEntryState();
        setCsrfToken(me.csrfToken);
        void applyLanguage(me.user.language);
        client.setQueryData(ME_KEY, me);
        return me;
      },
    },
    ui,
  );
}

/** Signs out; whatever the server says, the cached data of the session is dropped. */
export function useLogout(ui?: MutationUi<void>) {
  const client = useQueryClient();
  return useApiMutation(
    {
      mutationFn: async () => {
        try {
          await api<void>('POST', '/auth/logout');
        } finally {
          client.clear();
          client.setQueryData(ME_KEY, null);
          forgetEntryState();
        }
      },
    },
    ui,
  );
}

/** Sets a password with the one-time token of a set-password link. */
export function useSetPassword(ui?: MutationUi<void, z.input<typeof setPasswordInput>>) {
  return useApiMutation({ mutationFn: (input: z.input<typeof setPasswordInput>) => api<void>('POST', '/auth/set-password', input) }, ui);
}

/** Asks for a password-reset email; the server answers the same for any email. */
export function useForgotPassword(ui?: MutationUi<void, z.input<typeof forgotPasswordInput>>) {
  return useApiMutation({ mutationFn: (input: z.input<typeof forgotPasswordInput>) => api<void>('POST', '/auth/forgot-password', input) }, ui);
}
