import { Modal, Paper, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../i18n';
import { TypedCheckContext } from './typedCheck';

export interface FormOpener {
  opened: boolean;
  /** For the button that opens the form: it gets the focus back whenever the form closes. */
  openerRef: RefObject<HTMLButtonElement | null>;
  open: () => void;
  /** Closes the form, saved or cancelled; the focus goes back to its button. */
  close: () => void;
  /**
   * Escape (or a dialog's close button or backdrop): closes the form at once when nothing was typed
   * in it; when something was, asks first, so a key pressed by mistake never throws work away.
   */
  dismiss: () => void;
  typed: RefObject<(() => boolean) | null>;
}

/**
 * A form opened by a button (a record added below a list, an action in a dialog): the focus moves
 * to its first field when it opens, Escape closes it, and when it closes (saved, cancelled or
 * dismissed) the focus goes back to the button, not to the page's <body>. Its success is announced
 * by the mutation's toast (a role="alert" notification).
 */
export function useFormOpener(): FormOpener {
  const [opened, setOpened] = useState(false);
  const openerRef = useRef<HTMLButtonElement | null>(null);
  const typed = useRef<(() => boolean) | null>(null);
  const asking = useRef(false);
  const returning = useRef(false);
  // The button may come back only with the form gone (a panel hides it while the form is open).
  useEffect(() => {
    if (opened || !returning.current) return;
    returning.current = false;
    openerRef.current?.focus();
  }, [opened]);
  const open = useCallback(() => setOpened(true), []);
  const close = useCallback(() => {
    returning.current = true;
    setOpened(false);
  }, []);
  const dismiss = useCallback(() => {
    if (asking.current) return;
    if (!typed.current?.()) return close();
    asking.current = true;
    const back = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    let discarded = false;
    modals.openConfirmModal({
      title: i18n.t('common.discardTyped'),
      children: <Text size="sm">{i18n.t('common.discardTypedBody')}</Text>,
      labels: { confirm: i18n.t('common.discardTypedConfirm'), cancel: i18n.t('common.keepEditing') },
      confirmProps: { color: 'red' },
      closeButtonProps: { 'aria-label': i18n.t('common.close') },
      // Mantine's own return would also run after a discard, and take the focus from the opening
      // button to a dialog's close button that is still fading out.
      returnFocus: false,
      onConfirm: () => {
        discarded = true;
        close();
      },
      onClose: () => {
        asking.current = false;
        // Kept: the focus goes back where it was (the field Escape was pressed in).
        if (!discarded) window.setTimeout(() => back?.isConnected && back.focus());
      },
    });
  }, [close]);
  return { opened, openerRef, open, close, dismiss, typed };
}

const FIELD = 'input:not([type="hidden"]):not([disabled]), textarea:not([disabled]), select:not([disabled])';

/**
 * The form's frame: puts the focus on its first field, and keeps it there until the user does
 * something: a field that loads on demand (the date picker) replaces its stand-in a moment later,
 * and a dialog's focus trap moves the focus to its close button.
 */
function FormHost({ opener, escape, children }: { opener: FormOpener; escape: boolean; children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = root.current;
    if (!host) return undefined;
    const settle = () => {
      if (!host.contains(document.activeElement)) host.querySelector<HTMLElement>(FIELD)?.focus();
    };
    settle();
    const observer = new MutationObserver(settle);
    observer.observe(host, { childList: true, subtree: true });
    document.addEventListener('focusin', settle);
    const stop = () => {
      observer.disconnect();
      document.removeEventListener('focusin', settle);
      document.removeEventListener('pointerdown', stop, true);
      document.removeEventListener('keydown', stop, true);
      window.clearTimeout(timer);
    };
    document.addEventListener('pointerdown', stop, true);
    document.addEventListener('keydown', stop, true);
    const timer = window.setTimeout(stop, 3000);
    return stop;
  }, []);
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (!escape || event.key !== 'Escape' || event.nativeEvent.isComposing || event.defaultPrevented) return;
    // An open list or calendar takes its Escape for itself (Mantine marks its input while it is open).
    if (event.target instanceof Element && event.target.getAttribute('data-mantine-stop-propagation') === 'true') return;
    opener.dismiss();
  };
  return (
    <TypedCheckContext.Provider value={opener.typed}>
      {/* Escape bubbles here from the form's fields (and from their lists, through React's portals). */}
      <div ref={root} onKeyDown={onKeyDown}>
        {children}
      </div>
    </TypedCheckContext.Provider>
  );
}

/** A form shown in place below its button (the button hidden meanwhile), in a bordered frame. */
export function InlineForm({ opener, children }: { opener: FormOpener; children: ReactNode }) {
  if (!opener.opened) return null;
  return (
    <Paper withBorder p="md">
      <FormHost opener={opener} escape>
        {children}
      </FormHost>
    </Paper>
  );
}

/** A form in a dialog: Escape, its close button and its backdrop dismiss it (asking first when something was typed). */
export function FormDialog({ opener, title, children }: { opener: FormOpener; title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    // The focus goes back through opener.close (Mantine's own return misses a button Safari never focused on click).
    <Modal opened={opener.opened} onClose={opener.dismiss} returnFocus={false} closeButtonProps={{ 'aria-label': t('common.close') }} title={title} size="lg">
      {opener.opened && (
        <FormHost opener={opener} escape={false}>
          {children}
        </FormHost>
      )}
    </Modal>
  );
}
