import { Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { INSTRUMENT_PURPOSES } from '../../../../common/schemas/instrument';
import { FormActions } from '../../components/FormActions';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useSaveInstrumentDetails, type Instrument, type InstrumentDetailsValues } from './api';

/** Creates an instrument, or edits its code-independent details (titles, descriptions, purpose). */
export function InstrumentDetailsForm({ initial, onDone }: { initial?: Instrument; onDone: (saved?: Instrument) => void }) {
  const { t } = useTranslation();
  const form = useForm<InstrumentDetailsValues>({
    initialValues: {
      code: initial?.code ?? '',
      purpose: initial?.purpose ?? 'survey',
      titleKa: initial?.titleKa ?? '',
      titleEn: initial?.titleEn ?? '',
      descriptionKa: initial?.descriptionKa ?? '',
      descriptionEn: initial?.descriptionEn ?? '',
    },
    validate: {
      code: (v) => (initial || /^[a-z][a-z0-9_]{1,60}$/.test(v) ? null : t('validation.code')),
      titleKa: (v) => (v.trim() ? null : t('validation.required')),
      titleEn: (v) => (v.trim() ? null : t('validation.required')),
    },
  });
  const save = useSaveInstrumentDetails(initial, { successMessage: initial ? t('common.saved') : t('instruments.created'), onSuccess: onDone });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, save);
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('instruments.code')} required disabled={!!initial} {...form.getInputProps('code')} />
        <Select label={t('instruments.purpose')} allowDeselect={false} data={INSTRUMENT_PURPOSES.map((p) => ({ value: p, label: t(`instruments.purposes.${p}`) }))} {...form.getInputProps('purpose')} />
        <TextInput label={t('instruments.titleKa')} required lang="ka" {...form.getInputProps('titleKa')} />
        <TextInput label={t('instruments.titleEn')} required lang="en" {...form.getInputProps('titleEn')} />
        <Textarea label={t('instruments.descriptionKa')} lang="ka" autosize minRows={2} {...form.getInputProps('descriptionKa')} />
        <Textarea label={t('instruments.descriptionEn')} lang="en" autosize minRows={2} {...form.getInputProps('descriptionEn')} />
      </SimpleGrid>
      <FormActions submitLabel={initial ? t('common.save') : t('common.create')} pending={pending} onCancel={() => onDone()} />
    </form>
  );
}
