import { createContext, type RefObject } from 'react';

/**
 * Tells whether something was typed in the form open now (OpenedForm provides it, useApiForm
 * answers it for its form). Its own module: the sign-in page's forms load it without the dialogs.
 */
export const TypedCheckContext = createContext<RefObject<(() => boolean) | null> | null>(null);
