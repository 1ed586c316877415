import { useRouterState } from '@tanstack/react-router';
import { useCallback, useEffect, useState, type SetStateAction } from 'react';

// State that belongs to one visit of a page: a list's search, sort, filters and page, a hub's tab.
// It is kept per browser-history entry, so Back (or a reload) returns to the page as it was left,
// while following the menu to the page again starts afresh, as a new entry. An in-app back link
// ("← Organisations") also makes a new entry, but marks it `returning` (`RETURNING`): that entry
// starts from the page's latest state instead. Kept in sessionStorage: it stays in this tab and
// goes when the tab closes, and signing out forgets it (`forgetEntryState`), so a search about
// people never outlives the session on a shared computer.

declare module '@tanstack/history' {
  interface HistoryState {
    /** Set by back links: the page opens as it was last left, not afresh. */
    returning?: boolean;
  }
}

/** The history state of a back link (`<Link state={RETURNING}>`). */
export const RETURNING = { returning: true };

const PREFIX = 'ertad.entry.';

function read<T>(key: string): { value: T } | undefined {
  try {
    const kept = sessionStorage.getItem(PREFIX + key);
    return kept === null ? undefined : { value: JSON.parse(kept) as T };
  } catch {
    return undefined;
  }
}

function keep(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or refused (private mode): the state lives only as long as the page.
  }
}

/** Forgets every page's kept state (at sign-out: the next person at this tab starts afresh). */
export function forgetEntryState(): void {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
  } catch {
    // No storage: nothing was kept.
  }
}

/** `useState` whose value is restored when the user comes back to this history entry. */
export function useEntryState<T>(name: string, initial: T): [T, (next: SetStateAction<T>) => void] {
  // The router gives every history entry its own key.
  const entry = useRouterState({ select: (s) => s.location.state.__TSR_key ?? s.location.state.key ?? s.location.href });
  const path = useRouterState({ select: (s) => s.location.pathname });
  const returning = useRouterState({ select: (s) => s.location.state.returning === true });
  const key = `${entry}.${name}`;
  const latestKey = `latest.${path}.${name}`;
  const establish = () => ({ key, value: (read<T>(key) ?? (returning ? read<T>(latestKey) : undefined) ?? { value: initial }).value });
  const [state, setState] = useState(establish);
  // A new entry while the page stays on screen (its own menu link followed): its own state.
  let current = state;
  if (state.key !== key) {
    current = establish();
    setState(current);
  }
  useEffect(() => {
    keep(key, current.value);
    keep(latestKey, current.value);
  }, [key, latestKey, current.value]);
  const set = useCallback(
    (next: SetStateAction<T>) => setState((before) => ({ key: before.key, value: typeof next === 'function' ? (next as (c: T) => T)(before.value) : next })),
    [],
  );
  return [current.value, set];
}
