import { TextInput } from '@mantine/core';
import { lazy, Suspense } from 'react';

export interface DateFieldProps {
  label: string;
  /** A calendar date as the API speaks it: YYYY-MM-DD; '' or undefined when empty. */
  value?: string | null;
  /** '' when cleared. */
  onChange: (value: string) => void;
  required?: boolean;
  /**
   * The last date that may be picked (YYYY-MM-DD): later days are greyed out in the calendar. A later
   * date typed in still reaches the form, whose validation says what is wrong (never a silent change).
   */
  maxDate?: string;
  error?: React.ReactNode;
  w?: React.ComponentProps<typeof TextInput>['w'];
}

// The date picker (Mantine dates + dayjs with its Georgian locale) loads with the first date field,
// so the first download of the app does not grow.
const Picker = lazy(() => import('./DatePicker'));

/** A date typed or picked as dd.mm.yyyy in both languages, with Georgian month names that ship with the app. */
export function DateField(props: DateFieldProps) {
  const { label, value, required, error, w } = props;
  return (
    <Suspense fallback={<TextInput label={label} required={required} error={error} w={w} value={value ? value.split('-').reverse().join('.') : ''} readOnly />}>
      <Picker {...props} />
    </Suspense>
  );
}
