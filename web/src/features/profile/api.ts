import { useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { changePasswordInput, Me, profilePatch } from '../../../../common/schemas/user';
import { api } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import { ME_KEY } from '../../api/session';

export function useChangePassword(ui?: MutationUi<void, z.input<typeof changePasswordInput>>) {
  return useApiMutation(
    { mutationFn: (input: z.input<typeof changePasswordInput>) => api<void>('POST', '/me/password', input), invalidates: [ME_KEY] },
    ui,
  );
}

/** Saves the profile (language, name); other cached data is refetched in the new language. */
export function useUpdateProfile(ui?: MutationUi<Me, z.input<typeof profilePatch>>) {
  const client = useQueryClient();
  return useApiMutation(
    {
      mutationFn: async (patch: z.input<typeof profilePatch>) => {
        const me = await api<Me>('PATCH', '/me', patch);
        client.setQueryData(ME_KEY, me);
        await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
        return me;
      },
    },
    ui,
  );
}
