import { Alert, Anchor, Button, Checkbox, Group, List, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { caseQueries, checkDuplicates, useRegisterPerson, type DuplicateCheck } from './api';

/** Search before create: the registration form opens only after a search, with the matches it found. */
export function PeoplePage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const people = useQuery(caseQueries.people(searched));
  return (
    <>
      <PageHeader title={t('cases.people.title')} />
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearched(q.trim());
        }}
      >
        <Group align="end">
          <TextInput style={{ flex: 1 }} type="search" label={t('cases.people.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
          <Button type="submit">{t('common.search')}</Button>
        </Group>
      </form>
      <ProblemAlert error={people.error} />
      {searched && people.data && (
        <Stack mt="md">
          {people.data.items.length === 0 ? <Text>{t('cases.people.noMatches')}</Text> : (
            <List>
              {people.data.items.map((p) => (
                <List.Item key={p.id}>
                  <Anchor renderRoot={(props) => <Link to="/people/$id" params={{ id: p.id }} {...props} />}>{`${p.givenName ?? ''} ${p.surname ?? ''}`}</Anchor>
                  <Text span c="dimmed" ml="xs">{`${p.latinName ?? ''} · ${p.birthDate ?? p.ageBand ?? ''}`}</Text>
                </List.Item>
              ))}
            </List>
          )}
          <RegisterForm />
        </Stack>
      )}
      {!searched && <Text mt="md" c="dimmed">{t('cases.people.searchFirst')}</Text>}
    </>
  );
}

function RegisterForm() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [check, setCheck] = useState<DuplicateCheck | null>(null);
  const form = useForm({
    initialValues: { givenName: '', surname: '', sex: 'female', birthDate: '', personalNumber: '', phone: '', processing: false, referralSharing: false, givenBy: 'representative', representativeName: '' },
    validate: { givenName: (v) => (v.trim() ? null : t('validation.required')), surname: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const register = useRegisterPerson({ successMessage: t('common.saved'), onSuccess: (person) => navigate({ to: '/people/$id', params: { id: person.id } }) });
  const organisationId = me?.user.organisation.id ?? '';
  const bound = useApiForm(form, register, (v) => ({
    organisationId,
    givenName: v.givenName,
    surname: v.surname,
    sex: v.sex as 'female' | 'male',
    birthDate: v.birthDate || null,
    personalNumber: v.personalNumber || null,
    phone: v.phone,
    consent: v.processing ? { givenBy: v.givenBy as 'person' | 'representative', representativeName: v.representativeName, givenOn: new Date().toISOString().slice(0, 10), processing: true, referralSharing: v.referralSharing } : null,
  }));
  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (form.validate().hasErrors) return;
    const v = form.getValues();
    // Before saving, show close matches once; a second press registers.
    if (!check) {
      setCheck(await checkDuplicates({ organisationId, givenName: v.givenName, surname: v.surname, birthDate: v.birthDate || null, personalNumber: /^\d{11}$/.test(v.personalNumber) ? v.personalNumber : null }));
      return;
    }
    bound.onSubmit();
  };
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack>
        <Title order={2} size="h3">{t('cases.people.register')}</Title>
        <ProblemAlert error={bound.error} />
        <TextInput label={t('cases.fields.givenName')} required lang="ka" {...form.getInputProps('givenName')} />
        <TextInput label={t('cases.fields.surname')} required lang="ka" {...form.getInputProps('surname')} />
        <Select label={t('cases.fields.sex')} allowDeselect={false} data={[{ value: 'female', label: t('cases.sex.female') }, { value: 'male', label: t('cases.sex.male') }]} {...form.getInputProps('sex')} />
        <TextInput label={t('cases.fields.birthDate')} type="date" {...form.getInputProps('birthDate')} />
        <Checkbox label={t('cases.consent.processing')} {...form.getInputProps('processing', { type: 'checkbox' })} />
        {form.getValues().processing && (
          <>
            <Checkbox label={t('cases.consent.referralSharing')} {...form.getInputProps('referralSharing', { type: 'checkbox' })} />
            <Select label={t('cases.consent.givenBy')} allowDeselect={false} data={[{ value: 'person', label: t('cases.consent.person') }, { value: 'representative', label: t('cases.consent.representative') }]} {...form.getInputProps('givenBy')} />
            {form.getValues().givenBy === 'representative' && <TextInput label={t('cases.consent.representative')} {...form.getInputProps('representativeName')} />}
            <TextInput label={t('cases.fields.personalNumber')} inputMode="numeric" {...form.getInputProps('personalNumber')} />
            <TextInput label={t('cases.fields.phone')} type="tel" {...form.getInputProps('phone')} />
          </>
        )}
        {check && (check.matches.length > 0 || check.elsewhere) && (
          <Alert color="yellow" title={t('cases.people.matches')}>
            {check.matches.map((m) => (
              <Anchor key={m.id} renderRoot={(props) => <Link to="/people/$id" params={{ id: m.id }} {...props} />} display="block">{`${m.givenName ?? ''} ${m.surname ?? ''} ${m.birthDate ?? ''}`}</Anchor>
            ))}
            {check.elsewhere && <Text>{t('cases.people.elsewhere')}</Text>}
          </Alert>
        )}
        {check && check.matches.length === 0 && !check.elsewhere && <Text role="status">{t('cases.people.noMatches')}</Text>}
        <Group>
          <Button type="submit" loading={bound.pending}>{check ? t('cases.people.save') : t('cases.people.check')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
