import { Button, Checkbox, NumberInput, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { caseQueries, useRecordSession } from './api';

/** A case file: status, sessions (with the session form, usable on a phone), referrals. */
export function CasePage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/app/cases/$id' });
  const file = useQuery(caseQueries.file(id));
  const form = useForm({ initialValues: { kind: 'individual', heldOn: new Date().toISOString().slice(0, 10), minutes: 60, attended: true, notes: '' } });
  const record = useRecordSession(id, { successMessage: t('common.saved'), onSuccess: () => form.reset() });
  const bound = useApiForm(form, record, (v) => ({ ...v, kind: v.kind as 'individual' | 'group', minutes: Number(v.minutes) }));
  const f = file.data;
  return (
    <>
      <PageHeader title={f ? f.case.personName : '…'} />
      <ProblemAlert error={file.error} />
      {f && (
        <Stack>
          <Text>{`${t('common.status')}: ${t(`cases.status.${f.case.status}`)}`}</Text>
          <Title order={2} size="h3">{t('cases.sessions.title')}</Title>
          <form onSubmit={bound.onSubmit} noValidate>
            <Stack>
              <ProblemAlert error={bound.error} />
              <SegmentedControl aria-label={t('cases.sessions.kind')} data={[{ value: 'individual', label: t('cases.sessions.individual') }, { value: 'group', label: t('cases.sessions.group') }]} {...form.getInputProps('kind')} />
              <TextInput type="date" label={t('cases.sessions.date')} {...form.getInputProps('heldOn')} />
              <NumberInput label={t('cases.sessions.minutes')} min={1} {...form.getInputProps('minutes')} />
              <Checkbox label={t('cases.sessions.attended')} {...form.getInputProps('attended', { type: 'checkbox' })} />
              <Textarea label={t('cases.sessions.notes')} autosize minRows={3} {...form.getInputProps('notes')} />
              <Button type="submit" loading={bound.pending}>{t('cases.sessions.record')}</Button>
            </Stack>
          </form>
          <Table>
            <Table.Tbody>
              {f.sessions.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.heldOn}</Table.Td>
                  <Table.Td>{`${s.minutes}′`}</Table.Td>
                  <Table.Td>{s.notes}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {f.referrals.length > 0 && <Title order={2} size="h3">{t('cases.referrals.title')}</Title>}
          {f.referrals.map((r) => <Text key={r.id}>{`${r.reason} · ${t(`cases.referralStatus.${r.status}`)}`}</Text>)}
        </Stack>
      )}
    </>
  );
}
