import { useIsFetching, useIsMutating } from '@tanstack/react-query';
import { useRouterState } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import UpdateNotice from './UpdateNotice';

// The service worker keeps the whole app for offline use: on a phone's first visit it downloads
// about 185 files (865 KB compressed). Registered as the first screen appeared, that download
// shared a weak line with the sign-in and the first signed-in page. It is registered here, in the
// signed-in shell (offline use is for the signed-in user: the app opens offline for the last one),
// once the page has loaded (the window's load event, as Workbox advises, and the fonts), no route
// is loading, no request of the page is running, and no file has arrived for QUIET_MS. A device
// that already has the service worker keeps using it meanwhile (the browser runs it whether or
// not the page registers it); registering again only looks for a new version.

// The notice's code comes with the shell (a few lines; Workbox's window code is imported only when
// registering): imported later, it failed to load when the phone went offline before the line was quiet.

/** How long the line stays quiet (no request of the page running, no file arriving) before the service worker is registered. */
export const QUIET_MS = 1000;

function loaded(): Promise<unknown> {
  const load = document.readyState === 'complete' ? Promise.resolve() : new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  return Promise.all([load, document.fonts.ready]);
}

/** Whether the first signed-in page has all it asked for and the line has been quiet since. */
function useFirstScreenIn(): boolean {
  const fetching = useIsFetching();
  const mutating = useIsMutating();
  const routing = useRouterState({ select: (s) => s.status === 'pending' || s.isLoading });
  const [pageLoaded, setPageLoaded] = useState(false);
  // When the last file (code, font, image, API answer) arrived: the quiet period starts again.
  const [lastArrival, setLastArrival] = useState(0);
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    let live = true;
    void loaded().then(() => live && setPageLoaded(true));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (settled || typeof PerformanceObserver === 'undefined') return;
    const observer = new PerformanceObserver(() => setLastArrival(performance.now()));
    observer.observe({ type: 'resource' });
    return () => observer.disconnect();
  }, [settled]);
  useEffect(() => {
    if (settled || !pageLoaded || fetching > 0 || mutating > 0 || routing) return;
    const timer = setTimeout(() => setSettled(true), QUIET_MS);
    return () => clearTimeout(timer);
  }, [settled, pageLoaded, fetching, mutating, routing, lastArrival]);
  return settled;
}

/** Registers the service worker (and shows its "new version" notice) once the first signed-in page is in. */
export function ServiceWorkerStart() {
  const ready = useFirstScreenIn();
  if (!ready || !('serviceWorker' in navigator)) return null;
  return <UpdateNotice />;
}
