import { Button, Modal, Paper, Select, Stack, TextInput } from '@mantine/core';
import { useForm, type UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Staff } from '../../../../common/schemas/learning';
import { can, useMe } from '../../api/session';
import { FormActions } from '../../components/FormActions';
import { ExportButtons } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { PagedList } from '../../components/PagedList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useListState } from '../../components/useListState';
import { useOrganisationOptions } from '../organisations/api';
import { learningQueries, useAddStaff, useUpdateStaff } from './api';
import { StaffFields, staffBody, staffValues, type StaffValues } from './StaffFields';

/** The organisation a new person works at: one's own CSO, or (programme staff) any CSO. */
function OrganisationPicker({ value, onChange, error }: { value: string; onChange: (id: string) => void; error?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const options = useOrganisationOptions();
  const csos = (options.data ?? []).filter((o) => o.kind === 'cso').map((o) => ({ value: o.id, label: i18n.language === 'en' ? o.nameEn : o.nameKa }));
  return <Select label={t('learning.staff.organisation')} required searchable data={csos} value={value || null} onChange={(v) => onChange(v ?? '')} error={error} />;
}

/**
 * The login the entry is linked to: the person then finds their learning and certificates under it
 * (and is not offered to register a second time). Offered: the organisation's logins not linked to
 * another entry.
 */
function LoginPicker({ organisationId, person, form }: { organisationId: string; person?: Staff; form: UseFormReturnType<StaffValues> }) {
  const { t } = useTranslation();
  const logins = useQuery({ ...learningQueries.staffLogins(organisationId), enabled: organisationId !== '' });
  const data = (logins.data ?? []).filter((l) => l.staffId === null || l.staffId === person?.id).map((l) => ({ value: l.id, label: `${l.displayName} (${l.email})` }));
  return (
    <Select
      label={t('learning.staff.login')}
      description={t('learning.staff.loginHint')}
      placeholder={t('learning.staff.noLogin')}
      nothingFoundMessage={t('learning.staff.noLoginsToLink')}
      searchable
      clearable
      data={data}
      disabled={organisationId === ''}
      {...form.getInputProps('userId')}
      value={form.values.userId ? String(form.values.userId) : null}
      onChange={(v) => form.setFieldValue('userId', v ?? '')}
    />
  );
}

/** A new register entry, or changes to one (sent with the version it was read at: a 409 when someone changed it meanwhile). */
function StaffForm({ person, organisationId, onDone }: { person?: Staff; organisationId: string | null; onDone: () => void }) {
  const { t } = useTranslation();
  const add = useAddStaff({ successMessage: t('common.saved'), onSuccess: onDone });
  const update = useUpdateStaff({ successMessage: t('common.saved'), onSuccess: onDone });
  const [organisation, setOrganisation] = useState(organisationId ?? '');
  const form = useForm({ initialValues: staffValues(person) });
  const create = useApiForm(form, add, (v) => ({ ...staffBody(v, true), organisationId: organisation }));
  const edit = useApiForm(form, update, (v) => ({ ...staffBody(v, true), id: person?.id ?? '', version: person?.version ?? 0 }));
  const { onSubmit, error, pending, shownFields } = person ? edit : create;
  return (
    <form onSubmit={onSubmit} noValidate>
      {/* The organisation is not a form value but has its picker (when there is one), which shows its message. */}
      <ProblemAlert error={error} shownFields={(field) => shownFields(field) || (field === 'organisationId' && !person && organisationId === null)} />
      <Stack gap="xs">
        {!person && organisationId === null && <OrganisationPicker value={organisation} onChange={setOrganisation} error={form.errors.organisationId} />}
        <StaffFields form={form} contacts />
        <LoginPicker organisationId={person?.organisationId ?? organisation} person={person} form={form} />
        <FormActions submitLabel={person ? t('common.save') : t('common.create')} pending={pending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** The staff register: people who work at the CSOs the reader reaches; kept by those allowed (learning.staff.manage). */
export function StaffPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  // The dialog is in the page while closed (Mantine notes what had the focus only when an existing
  // dialog opens), and keeps what it last showed while it closes: the focus goes back to its button.
  const [editing, setEditing] = useState<Staff | 'new' | null>(null);
  const [opened, setOpened] = useState(false);
  const edit = (person: Staff | 'new') => {
    setEditing(person);
    setOpened(true);
  };
  const list = useListState('staff', { sort: 'surname', dir: 'asc' }, {});
  const query = useQuery(learningQueries.staff({ ...list.params, ...list.pageParams, pageSize: 25 }));
  const keeps = can(me, 'learning.staff.manage');
  // CSO managers keep their own CSO's register; programme staff choose the CSO.
  const ownCso = me?.user.organisation.kind === 'cso' ? me.user.organisation.id : null;
  const close = () => setOpened(false);
  return (
    <>
      <PageHeader
        title={t('learning.staff.title')}
        actions={
          <>
            <ExportButtons path="/learning/staff/export" filters={list.params} total={query.data?.total} failed={query.isError} />
            {keeps && <Button onClick={() => edit('new')}>{t('learning.staff.new')}</Button>}
          </>
        }
      />
      <TextInput type="search" label={t('common.search')} value={list.search} onChange={(e) => list.setSearch(e.currentTarget.value)} maw={360} mb="sm" />
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
            ...(keeps
              ? [{
                  key: 'edit',
                  header: t('learning.staff.actions'),
                  render: (r: Staff) => (
                    <Button size="compact-xs" variant="light" onClick={() => edit(r)} aria-label={`${t('learning.staff.edit')}: ${r.givenName} ${r.surname}`}>
                      {t('learning.staff.edit')}
                    </Button>
                  ),
                }]
              : []),
          ]}
        />
      </Paper>
      <Modal
        opened={opened && !!me && !!editing}
        onClose={close}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        title={!editing ? '' : editing === 'new' ? t('learning.staff.new') : t('learning.staff.editTitle', { name: `${editing.givenName} ${editing.surname}` })}
        size="lg"
      >
        {me && editing && <StaffForm key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`} person={editing === 'new' ? undefined : editing} organisationId={ownCso} onDone={close} />}
      </Modal>
    </>
  );
}
