import { MultiSelect, Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { UseMutationResult } from '@tanstack/react-query';
import { ORGANISATION_KINDS } from '../../../../common/roles';
import { useLocalName } from '../../api/lookups';
import { FormActions } from '../../components/FormActions';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useMunicipalities } from '../places/api';
import type { Organisation, OrganisationValues } from './api';

export function valuesOf(o?: Organisation): OrganisationValues {
  return {
    kind: o?.kind ?? 'cso',
    nameKa: o?.nameKa ?? '',
    nameEn: o?.nameEn ?? '',
    shortName: o?.shortName ?? '',
    registrationNumber: o?.registrationNumber ?? '',
    email: o?.email ?? '',
    phone: o?.phone ?? '',
    address: o?.address ?? '',
    website: o?.website ?? '',
    active: o?.active ?? true,
    municipalityIds: o?.municipalityIds ?? [],
  };
}

export function OrganisationForm(props: {
  initial?: Organisation;
  canChangeKind: boolean;
  submitLabel: string;
  /** useCreateOrganisation or useUpdateOrganisation, with the page's success message and follow-up. */
  mutation: UseMutationResult<Organisation, Error, OrganisationValues>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const municipalities = useMunicipalities();
  const form = useForm<OrganisationValues>({
    initialValues: valuesOf(props.initial),
    validate: {
      nameKa: (v) => (v.trim() ? null : t('validation.required')),
      nameEn: (v) => (v.trim() ? null : t('validation.required')),
      registrationNumber: (v) => (!v || /^\d{9,11}$/.test(v) ? null : t('validation.registrationNumber')),
    },
  });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, props.mutation);
  const text = (name: keyof OrganisationValues & string, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput label={t(label)} {...extra} {...form.getInputProps(name)} />
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {text('nameKa', 'organisations.nameKa', { required: true, lang: 'ka' })}
        {text('nameEn', 'organisations.nameEn', { required: true, lang: 'en' })}
        <Select
          label={t('organisations.kind')}
          disabled={!props.canChangeKind}
          allowDeselect={false}
          data={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          {...form.getInputProps('kind')}
        />
        {text('shortName', 'organisations.shortName')}
        {text('registrationNumber', 'organisations.registrationNumber', { inputMode: 'numeric' })}
        {text('email', 'organisations.email', { type: 'email' })}
        {text('phone', 'organisations.phone', { type: 'tel' })}
        {text('website', 'organisations.website')}
        {text('address', 'organisations.address')}
        <MultiSelect
          label={t('organisations.municipalities')}
          searchable
          data={(municipalities.data ?? []).map((m) => ({ value: m.id, label: localName(m) }))}
          {...form.getInputProps('municipalityIds')}
        />
        <Switch label={t('organisations.active')} mt="md" {...form.getInputProps('active', { type: 'checkbox' })} />
      </SimpleGrid>
      <FormActions submitLabel={props.submitLabel} pending={pending} onCancel={props.onCancel} />
    </form>
  );
}
