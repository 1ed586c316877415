import { Button, Modal, NumberInput, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Staff } from '../../../../common/schemas/learning';
import { can, useMe } from '../../api/session';
import { ExportButtons } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { PagedList } from '../../components/PagedList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useListState } from '../../components/useListState';
import { learningQueries, useAddStaff } from './api';

function NewStaff({ organisationId, onDone }: { organisationId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const add = useAddStaff({ successMessage: t('common.saved'), onSuccess: onDone });
  const form = useForm({ initialValues: { givenName: '', surname: '', sex: '', birthYear: '' as number | '', position: '', email: '', phone: '' } });
  const { onSubmit, error, pending } = useApiForm(form, add, (v) => ({ ...v, organisationId, sex: v.sex as 'female' | 'male', birthYear: v.birthYear === '' ? null : v.birthYear }));
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} />
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('learning.staff.givenName')} required {...form.getInputProps('givenName')} />
          <TextInput label={t('learning.staff.surname')} required {...form.getInputProps('surname')} />
          <Select label={t('learning.staff.sex')} required data={[{ value: 'female', label: t('cases.sex.female') }, { value: 'male', label: t('cases.sex.male') }]} {...form.getInputProps('sex')} />
          <NumberInput label={t('learning.staff.birthYear')} min={1920} max={2012} {...form.getInputProps('birthYear')} />
          <TextInput label={t('learning.staff.position')} {...form.getInputProps('position')} />
          <TextInput label={t('learning.staff.email')} type="email" {...form.getInputProps('email')} />
          <TextInput label={t('learning.staff.phone')} type="tel" {...form.getInputProps('phone')} />
        </SimpleGrid>
        <Button type="submit" loading={pending}>{t('common.create')}</Button>
      </Stack>
    </form>
  );
}

/** The staff register: people who work at the CSOs the reader reaches. */
export function StaffPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const [opened, { open, close }] = useDisclosure(false);
  const list = useListState({ sort: 'surname', dir: 'asc' }, {});
  const query = useQuery(learningQueries.staff({ ...list.params, ...list.pageParams, pageSize: 25 }));
  const keeps = can(me, 'learning.staff.manage') && me?.user.organisation.kind === 'cso';
  return (
    <>
      <PageHeader
        title={t('learning.staff.title')}
        actions={
          <>
            <ExportButtons path="/learning/staff/export" filters={list.params} />
            {keeps && <Button onClick={open}>{t('learning.staff.new')}</Button>}
          </>
        }
      />
      <TextInput label={t('common.search')} value={list.search} onChange={(e) => list.setSearch(e.currentTarget.value)} maw={360} mb="sm" />
      <Paper>
        <PagedList<Staff>
          caption={t('learning.staff.title')}
          query={query}
          list={list}
          rowKey={(r) => r.id}
          emptyText={t('learning.staff.none')}
          columns={[
            { key: 'surname', header: t('learning.staff.name'), sortKey: 'surname', render: (r) => `${r.givenName} ${r.surname}` },
            { key: 'position', header: t('learning.staff.position'), render: (r) => r.position },
            { key: 'organisation', header: t('learning.staff.organisation'), render: (r) => (i18n.language === 'en' ? r.organisationNameEn : r.organisationNameKa) },
            { key: 'sex', header: t('learning.staff.sex'), render: (r) => t(`cases.sex.${r.sex}`) },
            { key: 'birthYear', header: t('learning.staff.birthYear'), render: (r) => r.birthYear ?? '—' },
          ]}
        />
      </Paper>
      {me && (
        <Modal opened={opened} onClose={close} title={t('learning.staff.new')} size="lg">
          <NewStaff organisationId={me.user.organisation.id} onDone={close} />
        </Modal>
      )}
    </>
  );
}
