import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { notify } from './notify';

/**
 * Submits a form through `send`; server field errors land on their fields, any other problem
 * is kept for a ProblemAlert, and success is announced.
 */
export function useApiForm<V extends Record<string, unknown>, R>(
  form: UseFormReturnType<V>,
  send: (values: V) => Promise<R>,
  opts: { successMessage: string; onSuccess?: (result: R) => void | Promise<void> },
) {
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const onSubmit = form.onSubmit(async (values) => {
    setError(null);
    setPending(true);
    try {
      const result = await send(values);
      notify(opts.successMessage);
      await opts.onSuccess?.(result);
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors?.length) form.setErrors(e.fieldErrors());
      setError(e);
    } finally {
      setPending(false);
    }
  });
  return { onSubmit, error, pending };
}
