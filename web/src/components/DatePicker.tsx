import { DateInput, DatesProvider } from '@mantine/dates';
import '@mantine/dates/styles.css';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/ka';
import { useState } from 'react';
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
  return (
    <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'ka', firstDayOfWeek: 1 }}>
      <DateInput
        label={label}
        required={required}
        error={error ?? (notUnderstood ? t('common.dateNotUnderstood') : undefined)}
        onBlur={(event) => {
          const typed = event.currentTarget.value.trim();
          setNotUnderstood(typed !== '' && parseTyped(typed) === null);
        }}
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
