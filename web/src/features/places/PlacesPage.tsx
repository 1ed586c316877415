import { Button, Group, Modal, Select, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Municipality, Region } from '../../../../common/schemas/places';
import { useLocalName } from '../../api/lookups';
import { DataTable } from '../../components/DataTable';
import { FormActions } from '../../components/FormActions';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useMunicipalities, useRegions, useSaveMunicipality, useSaveRegion } from './api';

type Editing = { kind: 'region'; record?: Region } | { kind: 'municipality'; record?: Municipality };

function PlaceForm({ editing, onDone }: { editing: Editing; onDone: () => void }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const regions = useRegions();
  const record = editing.record;
  const form = useForm({
    initialValues: {
      nameKa: record?.nameKa ?? '',
      nameEn: record?.nameEn ?? '',
      code: editing.kind === 'region' ? (editing.record?.code ?? '') : '',
      regionId: editing.kind === 'municipality' ? (editing.record?.regionId ?? '') : '',
    },
    validate: {
      nameKa: (v) => (v.trim() ? null : t('validation.required')),
      nameEn: (v) => (v.trim() ? null : t('validation.required')),
      code: (v) => (editing.kind === 'region' && v.trim().length < 2 ? t('validation.tooShort', { min: 2 }) : null),
      regionId: (v) => (editing.kind === 'municipality' && !v ? t('validation.required') : null),
    },
  });
  const ui = { successMessage: t('common.saved'), onSuccess: onDone };
  const saveRegion = useSaveRegion(editing.kind === 'region' ? editing.record : undefined, ui);
  const saveMunicipality = useSaveMunicipality(editing.kind === 'municipality' ? editing.record : undefined, ui);
  const region = useApiForm(form, saveRegion, ({ code, nameKa, nameEn }) => ({ code, nameKa, nameEn }));
  const municipality = useApiForm(form, saveMunicipality, ({ regionId, nameKa, nameEn }) => ({ regionId, nameKa, nameEn }));
  const { onSubmit, error, pending, shownFields } = editing.kind === 'region' ? region : municipality;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={error} shownFields={shownFields} />
        {editing.kind === 'region' && <TextInput label={t('places.code')} required {...form.getInputProps('code')} />}
        {editing.kind === 'municipality' && (
          <Select label={t('places.region')} required allowDeselect={false} data={(regions.data ?? []).map((r) => ({ value: r.id, label: localName(r) }))} {...form.getInputProps('regionId')} />
        )}
        <TextInput label={t('places.nameKa')} required lang="ka" {...form.getInputProps('nameKa')} />
        <TextInput label={t('places.nameEn')} required lang="en" {...form.getInputProps('nameEn')} />
        <FormActions submitLabel={t('common.save')} pending={pending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

export function PlacesPage() {
  const { t } = useTranslation();
  const localName = useLocalName();
  const regions = useRegions();
  const municipalities = useMunicipalities();
  const [editing, setEditing] = useState<Editing | null>(null);
  const editButton = (label: string, onClick: () => void) => (
    <Button size="compact-xs" variant="default" onClick={onClick} aria-label={label}>
      {t('common.edit')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('places.title')} />
      <ProblemAlert error={regions.error ?? municipalities.error} />
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3">{t('places.regions')}</Title>
        <Button size="xs" onClick={() => setEditing({ kind: 'region' })}>{t('places.newRegion')}</Button>
      </Group>
      <DataTable
        caption={t('places.regions')}
        rows={regions.data}
        rowKey={(r) => r.id}
        loading={regions.isLoading}
        emptyText={t('common.empty')}
        columns={[
          { key: 'code', header: t('places.code'), card: 'hide', render: (r) => r.code },
          { key: 'name', header: t('organisations.name'), card: 'title', render: (r) => localName(r) },
          { key: 'edit', header: t('common.actions'), render: (r) => editButton(`${t('common.edit')}: ${localName(r)}`, () => setEditing({ kind: 'region', record: r })) },
        ]}
      />
      <Group justify="space-between" mb="xs" mt="xl">
        <Title order={2} size="h3">{t('places.municipalities')}</Title>
        <Button size="xs" onClick={() => setEditing({ kind: 'municipality' })}>{t('places.newMunicipality')}</Button>
      </Group>
      <DataTable
        caption={t('places.municipalities')}
        rows={municipalities.data}
        rowKey={(m) => m.id}
        loading={municipalities.isLoading}
        emptyText={t('common.empty')}
        columns={[
          { key: 'name', header: t('organisations.name'), render: (m) => localName(m) },
          { key: 'region', header: t('places.region'), render: (m) => localName(regions.data?.find((r) => r.id === m.regionId)) },
          { key: 'edit', header: t('common.actions'), render: (m) => editButton(`${t('common.edit')}: ${localName(m)}`, () => setEditing({ kind: 'municipality', record: m })) },
        ]}
      />
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        title={editing?.kind === 'region' ? (editing.record ? t('places.editRegion') : t('places.newRegion')) : editing?.record ? t('places.editMunicipality') : t('places.newMunicipality')}
      >
        {editing && <PlaceForm editing={editing} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}
