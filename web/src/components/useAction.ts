import { useState } from 'react';
import { notify } from './notify';

/** Runs a one-off command (publish, deactivate…): announces success, keeps the error for a ProblemAlert. */
export function useAction(afterSuccess: () => Promise<unknown>) {
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<unknown>, message: string) => {
    setError(null);
    try {
      await work();
      notify(message);
      await afterSuccess();
    } catch (e) {
      setError(e);
    }
  };
  return { run, error };
}
