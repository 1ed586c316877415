import { Badge, Button, Group, Menu, Modal, Select, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../../common/roles';
import { useLocalName } from '../../api/lookups';
import type { Column } from '../../components/DataTable';
import { PagedList } from '../../components/PagedList';
import { ExportButtons } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useListState } from '../../components/useListState';
import { useOrganisationOptions } from '../organisations/api';
import { useCreateUser, userQueries, useResetPassword, useSetUserActive, useUpdateUser, type Credentials, type User } from './api';
import { CredentialsNotice } from './CredentialsNotice';
import { UserForm } from './UserForm';
import { formatDateTime } from '../../components/dates';

const PAGE_SIZE = 25;

function NewUser({ onCreated, onCancel }: { onCreated: (credentials: Credentials) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser({ successMessage: t('users.created'), onSuccess: (result) => onCreated(result.credentials) });
  return <UserForm submitLabel={t('common.create')} mutation={create} onCancel={onCancel} />;
}

function EditUser({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser(user, { successMessage: t('users.updated'), onSuccess: onDone });
  return <UserForm initial={user} submitLabel={t('common.save')} mutation={update} onCancel={onDone} />;
}

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const localName = useLocalName();
  const organisations = useOrganisationOptions();
  const list = useListState('users', { sort: 'displayName', dir: 'asc' }, { role: undefined as string | undefined, active: undefined as string | undefined });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const query = useQuery(userQueries.list({ ...list.params, ...list.pageParams, pageSize: PAGE_SIZE }));
  const setActive = useSetUserActive({ successMessage: t('users.updated') });
  const reset = useResetPassword({ successMessage: t('users.updated'), onSuccess: setCredentials });

  const confirmActive = (user: User) =>
    modals.openConfirmModal({
      closeButtonProps: { 'aria-label': t('common.close') },
      title: user.active ? t('users.deactivateTitle') : t('users.activate'),
      children: user.active ? <Text size="sm">{t('users.deactivateConfirm', { name: user.displayName })}</Text> : null,
      labels: { confirm: user.active ? t('users.deactivate') : t('users.activate'), cancel: t('common.cancel') },
      confirmProps: { color: user.active ? 'red' : 'blue' },
      onConfirm: () => setActive.mutate({ user, active: !user.active }),
    });

  const confirmReset = (user: User) =>
    modals.openConfirmModal({
      closeButtonProps: { 'aria-label': t('common.close') },
      title: t('users.resetTitle'),
      children: <Text size="sm">{t('users.resetConfirm', { name: user.displayName })}</Text>,
      labels: { confirm: t('users.resetPassword'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => reset.mutate(user),
    });

  const dateTime = (d: string | null) => (d ? formatDateTime(d, i18n.language) : t('users.never'));
  const columns: Column<User>[] = [
    { key: 'displayName', header: t('users.displayName'), sortKey: 'displayName', render: (u) => u.displayName },
    { key: 'email', header: t('users.email'), sortKey: 'email', render: (u) => u.email },
    { key: 'organisation', header: t('users.organisation'), render: (u) => localName(organisations.data?.find((o) => o.id === u.organisationId)) },
    { key: 'roles', header: t('users.roles'), render: (u) => u.roles.map((r) => t(`roles.${r}`)).join(', ') },
    {
      key: 'status',
      header: t('common.status'),
      render: (u) => (
        <Group gap={4}>
          <Text size="sm" fw={u.active ? 400 : 700}>{u.active ? t('common.active') : t('common.inactive')}</Text>
          {u.lockedUntil && <Badge color="red.9">{t('users.locked')}</Badge>}
        </Group>
      ),
    },
    { key: 'lastLoginAt', header: t('users.lastLoginAt'), sortKey: 'lastLoginAt', render: (u) => dateTime(u.lastLoginAt) },
    {
      key: 'actions',
      header: t('common.actions'),
      render: (u) => (
        <Menu position="bottom-end">
          <Menu.Target>
            <Button size="compact-xs" variant="default" aria-label={`${t('common.actions')}: ${u.displayName}`}>
              {t('common.actions')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setEditing(u)}>{t('common.edit')}</Menu.Item>
            <Menu.Item onClick={() => confirmReset(u)}>{t('users.resetPassword')}</Menu.Item>
            <Menu.Item color={u.active ? 'red' : undefined} onClick={() => confirmActive(u)}>
              {u.active ? t('users.deactivate') : t('users.activate')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        actions={
          <>
            <ExportButtons path="/users/export" filters={list.params} total={query.data?.total} failed={query.isError} />
            <Button size="xs" onClick={() => setEditing('new')}>
              {t('users.new')}
            </Button>
          </>
        }
      />
      {credentials && <CredentialsNotice credentials={credentials} />}
      <ProblemAlert error={setActive.error ?? reset.error} />
      <Group mb="sm" gap="sm" align="flex-end" wrap="wrap">
        <TextInput label={t('common.search')} type="search" value={list.search} onChange={(e) => list.setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 240 }} />
        <Select label={t('users.filterRole')} clearable placeholder={t('common.all')} value={list.filters.role ?? null} onChange={(v) => list.setFilter('role', v ?? undefined)} data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} w={{ base: '100%', xs: 200 }} />
        <Select
          label={t('users.filterActive')}
          clearable
          placeholder={t('common.all')}
          value={list.filters.active ?? null}
          onChange={(v) => list.setFilter('active', v ?? undefined)}
          data={[
            { value: 'true', label: t('common.active') },
            { value: 'false', label: t('common.inactive') },
          ]}
          w={{ base: '100%', xs: 160 }}
        />
      </Group>
      <PagedList caption={t('users.title')} columns={columns} query={query} list={list} rowKey={(u) => u.id} />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} closeButtonProps={{ 'aria-label': t('common.close') }} title={editing === 'new' ? t('users.new') : t('users.edit')} size="lg">
        {editing !== null && (
          editing === 'new' ? (
            <NewUser onCreated={(credentials) => { setCredentials(credentials); setEditing(null); }} onCancel={() => setEditing(null)} />
          ) : (
            <EditUser user={editing} onDone={() => setEditing(null)} />
          )
        )}
      </Modal>
    </>
  );
}
