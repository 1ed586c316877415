import { DateInput, DatesProvider } from '@mantine/dates';
import '@mantine/dates/styles.css';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/ka';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DateFieldProps } from './DateField';

dayjs.extend(customParseFormat);
const FORMAT = 'DD.MM.YYYY';
const parseTyped = (input: string) => {
  const parsed = dayjs(input.trim(), [FORMAT, 'D.M.YYYY', 'YYYY-MM-DD'], true);
  return parsed.isValid() ? parsed.format('YYYY-MM-DD') : null;
};

/** Loaded lazily by DateField. Typing 26.11.2026 works as well as picking from the calendar. */
export default function DatePicker({ label, value, onChange, required, error, w, maxDate }: DateFieldProps) {
  const { t, i18n } = useTranslation();
  // The input puts back its last date when what was typed is no date (31.02.2026): say so, or the
  // typing would seem to have been taken.
  const [notUnderstood, setNotUnderstood] = useState(false);
  // The calendar opens on a click or tap, or with typing; never on the focus alone, which a form
  // gives its first field when it opens and its first invalid field after a failed save: there the
  // calendar covered the field's error message on a phone. Sending the form closes it too (Enter in
  // the field sent it with the calendar still open over the error).
  const [held, setHeld] = useState(true);
  const [shown, setShown] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return undefined;
    const hold = () => setHeld(true);
    form.addEventListener('submit', hold);
    return () => form.removeEventListener('submit', hold);
  }, []);
  return (
    <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'ka', firstDayOfWeek: 1 }}>
      <DateInput
        ref={input}
        label={label}
        required={required}
        error={error ?? (notUnderstood ? t('common.dateNotUnderstood') : undefined)}
        onBlur={(event) => {
          const typed = event.currentTarget.value.trim();
          setNotUnderstood(typed !== '' && parseTyped(typed) === null);
        }}
        onFocus={() => setHeld(true)}
        onClick={() => setHeld(false)}
        onInput={() => setHeld(false)}
        popoverProps={{ ...(held ? { opened: false } : {}), onOpen: () => setShown(true), onClose: () => setShown(false) }}
        // While the calendar shows, Escape closes it alone, not the form or dialog around it (Mantine's convention).
        data-mantine-stop-propagation={shown || undefined}
        w={w}
        valueFormat={FORMAT}
        placeholder={t('common.datePlaceholder')}
        // DateInput's calendar cannot be reached from the keyboard: it closes when focus leaves the
        // input and its days never take focus (Mantine's own choice: this input is for typing, its
        // maintainer says; popoverProps.trapFocus takes focus from the input and then sticks). So
        // the field says how to type a date, in its description, which a screen reader reads with
        // the label even when a date is already there and the placeholder is gone. Hidden on
        // screen, where the placeholder or the date itself shows the format.
        description={t('common.dateTypeHint')}
        descriptionProps={{ className: 'visually-hidden' }}
        dateParser={parseTyped}
        clearable
        excludeDate={maxDate ? (day) => day > maxDate : undefined}
        clearButtonProps={{ 'aria-label': t('common.clear') }}
        value={value || null}
        onChange={(next) => {
          setNotUnderstood(false);
          onChange(next ? dayjs(next).format('YYYY-MM-DD') : '');
        }}
        nextLabel={t('common.nextMonth')}
        previousLabel={t('common.previousMonth')}
      />
    </DatesProvider>
  );
}
