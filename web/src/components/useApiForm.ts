import type { UseFormReturnType } from '@mantine/form';
import type { UseMutationResult } from '@tanstack/react-query';
import { useContext, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { TypedCheckContext } from './typedCheck';

interface BoundForm {
  onSubmit: (event?: React.FormEvent<HTMLFormElement>) => void;
  error: Error | null;
  pending: boolean;
  /** For the form's ProblemAlert: the server's field errors that land on one of the form's fields, shown there (not listed again). */
  shownFields: (field: string) => boolean;
}

/** Whether `values` has the dotted `path` (`goals.0.title`): form.setErrors puts a server field error there. */
function hasPath(values: unknown, path: string): boolean {
  let value = values;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) return false;
    value = (value as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * The first field marked invalid in `form` (or, for a form submitted without its element, in the
 * open dialog or the page), else the first input next to an error message: focusing it scrolls it
 * into view, and a screen reader reads its label and message.
 */
function firstInvalidField(form: HTMLFormElement | null): HTMLElement | null {
  const root: ParentNode = form?.isConnected ? form : (document.querySelector('[role="dialog"]') ?? document);
  const marked = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (marked) return marked;
  const message = root.querySelector('.mantine-InputWrapper-error');
  return message?.parentElement?.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select, button') ?? null;
}

/**
 * Binds a feature's mutation (useApiMutation) to a Mantine form: a valid form is sent, server
 * field errors land on their fields, any other problem is the `error` for a ProblemAlert.
 * After a failed submit (the form's own rules or the server's field errors) focus moves to the
 * first invalid field, which scrolls it into view.
 * Inside a form opened by a button (OpenedForm), it tells whether anything was typed, so that
 * Escape asks before throwing it away.
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
  const element = useRef<HTMLFormElement | null>(null);
  const typed = useContext(TypedCheckContext);
  useEffect(() => {
    if (!typed) return undefined;
    typed.current = () => form.isDirty();
    return () => {
      typed.current = null;
    };
  });
  // Counts failed submits; the effect runs once the errors they set are on the page.
  const [failures, setFailures] = useState(0);
  useEffect(() => {
    if (failures > 0) firstInvalidField(element.current)?.focus();
  }, [failures]);
  const failed = () => setFailures((n) => n + 1);
  const submit = form.onSubmit(
    (values) =>
      mutation.mutate(toVars(values), {
        onError: (e) => {
          if (e instanceof ApiError && e.problem.errors?.length) {
            form.setErrors(e.fieldErrors());
            failed();
          }
        },
      }),
    failed,
  );
  const onSubmit = (event?: React.FormEvent<HTMLFormElement>) => {
    if (event?.currentTarget instanceof HTMLFormElement) element.current = event.currentTarget;
    submit(event);
  };
  // A field error for a path the form has no value at (the body's shape differs from the form's,
  // or the server names a field the form never shows) lands nowhere: the alert lists it instead.
  const shownFields = (field: string) => hasPath(form.getValues(), field);
  return { onSubmit, error: mutation.error, pending: mutation.isPending, shownFields };
}
