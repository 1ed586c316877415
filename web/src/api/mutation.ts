import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { notify } from '../components/notify';
import { ApiError } from './client';

export interface ApiMutationOptions<TVars, TResult> {
  mutationFn: (vars: TVars) => Promise<TResult>;
  /** Query keys (usually a feature's root key) whose data the change makes stale. */
  invalidates?: readonly QueryKey[];
}

/** What a page adds to a feature's mutation: the success toast and what happens next. */
export interface MutationUi<TResult, TVars = unknown> {
  /** Announced (toast) when the call succeeds; a function to word it after the result or the input. */
  successMessage?: string | ((result: TResult, vars: TVars) => string);
  onSuccess?: (result: TResult, vars: TVars) => unknown;
}

/**
 * The one way the app changes data: a TanStack mutation that, on success (or on a stale version),
 * invalidates the feature's keys, announces the success and runs the page's follow-up. Its `error` goes to a
 * ProblemAlert (forms: through useApiForm, which also puts field errors on their fields). Call
 * `mutate` from event handlers; failures stay in `error` and never reject unseen.
 */
export function useApiMutation<TVars, TResult>(options: ApiMutationOptions<TVars, TResult>, ui: MutationUi<TResult, TVars> = {}) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: options.mutationFn,
    // The mutation stays pending until the stale data is refetched, while the page moves on at once.
    onSuccess: async (result, vars) => {
      const message = typeof ui.successMessage === 'function' ? ui.successMessage(result, vars) : ui.successMessage;
      if (message) notify(message);
      await Promise.all([...(options.invalidates ?? []).map((queryKey) => client.invalidateQueries({ queryKey })), ui.onSuccess?.(result, vars)]);
    },
    // Someone changed the record since it was read: what the page holds is stale too, so it is
    // fetched again (the form keeps what was typed; opened again, it starts from the new version).
    onError: async (error) => {
      if (error instanceof ApiError && error.problem.conflict === 'version') {
        await Promise.all((options.invalidates ?? []).map((queryKey) => client.invalidateQueries({ queryKey })));
      }
    },
  });
}
