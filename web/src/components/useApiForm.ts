import type { UseFormReturnType } from '@mantine/form';
import type { UseMutationResult } from '@tanstack/react-query';
import { ApiError } from '../api/client';

interface BoundForm {
  onSubmit: (event?: React.FormEvent<HTMLFormElement>) => void;
  error: Error | null;
  pending: boolean;
}

/**
 * Binds a feature's mutation (useApiMutation) to a Mantine form: a valid form is sent, server
 * field errors land on their fields, any other problem is the `error` for a ProblemAlert.
 * `toVars` shapes the form's values into what the mutation takes, when they differ.
 */
export function useApiForm<V extends Record<string, unknown>, R>(form: UseFormReturnType<V>, mutation: UseMutationResult<R, Error, V>): BoundForm;
export function useApiForm<V extends Record<string, unknown>, TVars, R>(
  form: UseFormReturnType<V>,
  mutation: UseMutationResult<R, Error, TVars>,
  toVars: (values: V) => TVars,
): BoundForm;
export function useApiForm<V extends Record<string, unknown>, R>(
  form: UseFormReturnType<V>,
  mutation: UseMutationResult<R, Error, unknown>,
  toVars: (values: V) => unknown = (values) => values,
): BoundForm {
  const onSubmit = form.onSubmit((values) =>
    mutation.mutate(toVars(values), {
      onError: (e) => {
        if (e instanceof ApiError && e.problem.errors?.length) form.setErrors(e.fieldErrors());
      },
    }),
  );
  return { onSubmit, error: mutation.error, pending: mutation.isPending };
}
