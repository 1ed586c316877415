/**
 * A button that turns busy while its work is sent (Mantine's `loading` disables it) loses the
 * keyboard focus to <body>: Tab would start again from the top of the page, and a screen reader
 * would fall silent. When the button is usable again, and the focus has gone nowhere else in the
 * meantime, it gets the focus back.
 */
export function keepFocusThroughBusyButtons(doc: Document = document): () => void {
  let watching: { button: HTMLButtonElement; observer: MutationObserver } | null = null;
  const stop = () => {
    watching?.observer.disconnect();
    watching = null;
  };
  const onFocusOut = (event: FocusEvent) => {
    const button = event.target;
    // Focus that moves to something else (relatedTarget) was moved on purpose.
    if (!(button instanceof HTMLButtonElement) || event.relatedTarget) return;
    // Checked once the blur is over: was it the button turning disabled that took the focus away?
    queueMicrotask(() => {
      if (!button.disabled || !button.isConnected || (doc.activeElement && doc.activeElement !== doc.body)) return;
      stop();
      const observer = new MutationObserver(() => {
        if (button.disabled) return;
        stop();
        if (button.isConnected && (!doc.activeElement || doc.activeElement === doc.body)) button.focus({ preventScroll: true });
      });
      observer.observe(button, { attributes: true, attributeFilter: ['disabled'] });
      watching = { button, observer };
    });
  };
  // The focus went somewhere (a click, a dialog, the next page): nothing to give back.
  const onFocusIn = (event: FocusEvent) => {
    if (watching && event.target !== watching.button) stop();
  };
  doc.addEventListener('focusout', onFocusOut);
  doc.addEventListener('focusin', onFocusIn);
  return () => {
    stop();
    doc.removeEventListener('focusout', onFocusOut);
    doc.removeEventListener('focusin', onFocusIn);
  };
}
