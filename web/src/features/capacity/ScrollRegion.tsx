import type { ReactNode } from 'react';

/** A wide table's horizontal scroller that keyboard users can focus and scroll (WCAG scrollable regions). */
export function ScrollRegion({ children }: { children: ReactNode }) {
  return (
    // Focusable on purpose: keyboard users scroll the region once it has focus.
    <div tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>
      {children}
    </div>
  );
}
