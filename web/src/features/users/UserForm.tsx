import { MultiSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { UseMutationResult } from '@tanstack/react-query';
import { LANGUAGES, ROLES } from '../../../../common/roles';
import { useLocalName } from '../../api/lookups';
import { FormActions } from '../../components/FormActions';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useOrganisationOptions } from '../organisations/api';
import type { User, UserValues } from './api';

export function UserForm(props: {
  initial?: User;
  submitLabel: string;
  /** useCreateUser or useUpdateUser, with the page's success message and follow-up. */
  mutation: UseMutationResult<unknown, Error, UserValues>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const organisations = useOrganisationOptions();
  const u = props.initial;
  const form = useForm<UserValues>({
    initialValues: {
      email: u?.email ?? '',
      displayName: u?.displayName ?? '',
      organisationId: u?.organisationId ?? '',
      roles: u?.roles ?? [],
      language: u?.language ?? 'ka',
      mentorOrganisationIds: u?.mentorOrganisationIds ?? [],
      passwordSetup: 'link',
    },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : t('validation.email')),
      displayName: (v) => (v.trim() ? null : t('validation.required')),
      organisationId: (v) => (v ? null : t('validation.required')),
      roles: (v) => (v.length ? null : t('validation.tooFew', { min: 1 })),
    },
  });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, props.mutation);
  const organisationData = (organisations.data ?? []).map((o) => ({ value: o.id, label: localName(o) }));
  const csoData = (organisations.data ?? []).filter((o) => o.kind === 'cso').map((o) => ({ value: o.id, label: localName(o) }));

  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('users.email')} type="email" required disabled={!!u} {...form.getInputProps('email')} />
        <TextInput label={t('users.displayName')} required {...form.getInputProps('displayName')} />
        <Select label={t('users.organisation')} required searchable data={organisationData} {...form.getInputProps('organisationId')} />
        <MultiSelect label={t('users.roles')} required data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} {...form.getInputProps('roles')} />
        <Select label={t('users.language')} allowDeselect={false} data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))} {...form.getInputProps('language')} />
        {form.values.roles.includes('mentor') && (
          <MultiSelect label={t('users.mentorOrganisations')} searchable data={csoData} {...form.getInputProps('mentorOrganisationIds')} />
        )}
        {!u && (
          <Select
            label={t('users.passwordSetup')}
            allowDeselect={false}
            data={[
              { value: 'link', label: t('users.setupLink') },
              { value: 'temporary', label: t('users.setupTemporary') },
            ]}
            {...form.getInputProps('passwordSetup')}
          />
        )}
      </SimpleGrid>
      <FormActions submitLabel={props.submitLabel} pending={pending} onCancel={props.onCancel} />
    </form>
  );
}
