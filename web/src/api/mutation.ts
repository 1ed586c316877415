import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useRef } from 'react';
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
  const inFlight = useRef(new Set<string>());
  const mutation = useMutation({
    mutationFn: options.mutationFn,
    onSettled: (_result, _error, vars) => {
      inFlight.current.delete(actionKey(vars));
    },
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
  // The same action again while the first is on its way (a double click or tap, Enter pressed
  // twice) is dropped: the button shows it is busy only once React renders again, and on a slow
  // phone both clicks came first, making two assessments of one case, or a submit and then a 409.
  // Other actions of the same hook (another row's button) still go at once.
  const mutate: typeof mutation.mutate = (...args) => {
    const key = actionKey(args[0]);
    if (inFlight.current.has(key)) return;
    inFlight.current.add(key);
    mutation.mutate(...args);
  };
  return { ...mutation, mutate };
}

/** Files' identities, so that two different files of the same name and size are two actions. */
const fileIds = new WeakMap<Blob, number>();
let nextFileId = 0;
/** What identifies an action: its input, with each file (which JSON would write as {}) by its identity. */
function actionKey(vars: unknown): string {
  return JSON.stringify(vars ?? null, (_key, value: unknown) => {
    if (!(value instanceof Blob)) return value;
    if (!fileIds.has(value)) fileIds.set(value, (nextFileId += 1));
    return `file#${fileIds.get(value)}`;
  });
}
