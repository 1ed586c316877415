import { useMediaQuery } from '@mantine/hooks';

const PHONE = '(max-width: 47.99em)';

/** True on a phone-sized screen, known from the first render (no flash of the wide layout). */
export function usePhone(): boolean {
  return useMediaQuery(PHONE, typeof window !== 'undefined' && window.matchMedia(PHONE).matches, { getInitialValueInEffect: false });
}
