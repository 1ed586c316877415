import { useRouterState } from '@tanstack/react-router';
import { useCallback, useState, type SetStateAction } from 'react';

// State that belongs to one visit of a page: a list's search, sort, filters and page, a hub's tab.
// It is kept per browser-history entry, so Back (or a reload) returns to the list as it was left,
// while following a link to the page again starts afresh, as a new entry. Kept in sessionStorage:
// it stays in this tab and goes when the tab closes, and a list's search about people never
// outlives the session on a shared computer.

const PREFIX = 'ertad.entry.';

function read<T>(key: string, initial: T): T {
  try {
    const kept = sessionStorage.getItem(PREFIX + key);
    return kept === null ? initial : (JSON.parse(kept) as T);
  } catch {
    return initial;
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

/** The history entry this page was reached by (the router gives every entry its own key). */
function useEntryKey(): string {
  return useRouterState({ select: (s) => s.location.state.__TSR_key ?? s.location.state.key ?? s.location.href });
}

/** `useState` whose value is restored when the user comes back to this history entry. */
export function useEntryState<T>(name: string, initial: T): [T, (next: SetStateAction<T>) => void] {
  const key = `${useEntryKey()}.${name}`;
  const [state, setState] = useState<{ key: string; value: T }>(() => ({ key, value: read(key, initial) }));
  // A new entry while the page stays on screen (its own menu link followed): its own state.
  let current = state;
  if (state.key !== key) {
    current = { key, value: read(key, initial) };
    setState(current);
  }
  const set = useCallback(
    (next: SetStateAction<T>) =>
      setState((before) => {
        const value = typeof next === 'function' ? (next as (c: T) => T)(before.value) : next;
        keep(key, value);
        return { key, value };
      }),
    [key],
  );
  return [current.value, set];
}
