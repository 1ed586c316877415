import { Text } from '@mantine/core';
import type { FocusEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The answer's key: the fieldset's id is `q-${fieldKey}`, where an error summary links to. */
  fieldKey: string;
  /** The question's `useId()`: the hint and the error are `${id}-hint` and `${id}-error`. */
  id: string;
  label: string;
  required: boolean;
  hint?: string;
  error?: string;
  /** More elements describing the question (a live status line), by id. */
  describedBy?: string[];
  children: ReactNode;
}

/**
 * A question answered with several controls (choices, a ranking, a location): one fieldset whose
 * legend is the label, marked required for eyes and screen readers alike, with the hint and the
 * error tied to it by aria-describedby.
 */
export function QuestionFieldset({ fieldKey, id, label, required, hint, error, describedBy = [], children }: Props) {
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', ...describedBy].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset id={`q-${fieldKey}`} className={error ? 'question-fieldset invalid' : 'question-fieldset'} aria-describedby={described}>
      <legend className="question-legend">
        {label}
        {required && (
          <>
            <span aria-hidden="true" className="required-mark"> *</span>
            <span className="visually-hidden"> ({t('common.required')})</span>
          </>
        )}
      </legend>
      {hint && <Text size="sm" c="dimmed" id={`${id}-hint`} mb={4}>{hint}</Text>}
      {children}
      {error && <Text size="sm" c="red.8" id={`${id}-error`} mt={4}>{error}</Text>}
    </fieldset>
  );
}

/**
 * A blur handler for the controls inside a question's fieldset: the question counts as left (and
 * is checked) when the focus goes out of it, not when it moves between its own controls, from the
 * latitude to the longitude or from one checkbox to the next, before the answer is whole.
 */
export function whenLeaving(onLeave: () => void) {
  return (event: FocusEvent<HTMLElement>) => {
    const group = event.currentTarget.closest('fieldset');
    if (group && event.relatedTarget instanceof Node && group.contains(event.relatedTarget)) return;
    onLeave();
  };
}
