import type { z } from 'zod';
import type { credentialHandover, User as UserRecord, userCreated, userInput } from '../../../../common/schemas/user';
import { api } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import { pageQuery, type ListParams } from '../../api/queries';
import type { FormValues, Wire } from '../../api/wire';

export type User = Wire<UserRecord>;
export type Credentials = Wire<z.infer<typeof credentialHandover>>;
export type UserCreated = Wire<z.infer<typeof userCreated>>;
/** The user form's values: the create input, every field filled in. */
export type UserValues = FormValues<z.input<typeof userInput>>;

export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export const userQueries = {
  list: (params: ListParams) => pageQuery<User>(userKeys.list(), '/users', params),
};

const invalidates = [userKeys.all];

export function useCreateUser(ui?: MutationUi<UserCreated, UserValues>) {
  return useApiMutation({ mutationFn: (values: UserValues) => api<UserCreated>('POST', '/users', values), invalidates }, ui);
}

/** Saves the user form over `user`: the email and the password setup are fixed once created. */
export function useUpdateUser(user: User, ui?: MutationUi<User, UserValues>) {
  return useApiMutation(
    {
      mutationFn: ({ email: _email, passwordSetup: _setup, ...patch }: UserValues) => api<User>('PATCH', `/users/${user.id}`, { ...patch, version: user.version }),
      invalidates,
    },
    ui,
  );
}

export function useSetUserActive(ui?: MutationUi<User, { user: User; active: boolean }>) {
  return useApiMutation(
    { mutationFn: ({ user, active }: { user: User; active: boolean }) => api<User>('PATCH', `/users/${user.id}`, { version: user.version, active }), invalidates },
    ui,
  );
}

/** A new one-time set-password link for the user (their password stops working). */
export function useResetPassword(ui?: MutationUi<Credentials, User>) {
  return useApiMutation({ mutationFn: (user: User) => api<Credentials>('POST', `/users/${user.id}/reset-password`, { passwordSetup: 'link' }), invalidates }, ui);
}
