import { Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_TYPES, type Service } from '../../../../common/schemas/cases';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import { Pager } from '../../components/Pager';
import { useListState } from '../../components/useListState';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useMunicipalities } from '../places/api';
import { caseQueries, useSaveService } from './api';

/** The services catalogue: each CSO lists what it offers; managers add and edit. */
export function ServicesPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const local = useLocalName();
  const paging = useListState('services', { sort: 'nameKa', dir: 'asc' }, {});
  const list = useQuery(caseQueries.services(paging.pageParams));
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const manages = can(me, 'services.manage');
  // A new service belongs to the caller's CSO; programme staff edit the CSOs' entries.
  const adds = manages && me?.user.organisation.kind === 'cso';
  return (
    <>
      <PageHeader title={t('cases.services.title')} actions={adds && <Button onClick={() => setEditing('new')}>{t('cases.services.new')}</Button>} />
      <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('cases.services.none')}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {(list.data?.items ?? []).map((s) => (
          <Paper key={s.id} withBorder p="md" radius="md" component="article" aria-label={local(s) || s.nameKa}>
            <Group justify="space-between" wrap="nowrap" align="start">
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>{local(s) || s.nameKa}</Text>
              {manages && <Button size="xs" variant="default" style={{ flexShrink: 0 }} aria-label={t('cases.services.edit', { name: local(s) || s.nameKa })} onClick={() => setEditing(s)}>{t('cases.services.editShort')}</Button>}
            </Group>
            <Group gap="xs" mt={4}>
              <Badge variant="light">{t(`cases.serviceType.${s.type}`)}</Badge>
              {s.stateFunded && <Badge variant="outline">{t('cases.services.stateFunded')}</Badge>}
            </Group>
            {s.targetGroup && <Text size="sm" mt={4}>{s.targetGroup}</Text>}
            <Text size="sm" c="dimmed">
              {[
                s.ageFrom !== null || s.ageTo !== null ? t('cases.services.ages', { from: s.ageFrom ?? 0, to: s.ageTo ?? '' }) : '',
                s.capacity !== null ? t('cases.services.places', { n: s.capacity }) : '',
                s.openingHours,
              ].filter(Boolean).join(' · ')}
            </Text>
            {s.accessibility && <Text size="sm">{`${t('cases.services.accessibility')}: ${s.accessibility}`}</Text>}
          </Paper>
        ))}
      </SimpleGrid>
      {list.data && <Pager page={paging.page} data={list.data} onPage={paging.goTo} />}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('cases.services.new') : editing ? t('cases.services.edit', { name: local(editing) || editing.nameKa }) : ''} closeButtonProps={{ 'aria-label': t('common.close') }}>
        {editing !== null && <ServiceForm key={editing === 'new' ? 'new' : editing.id} service={editing === 'new' ? null : editing} organisationId={me?.user.organisation.id ?? ''} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

function ServiceForm({ service, organisationId, onDone }: { service: Service | null; organisationId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const local = useLocalName();
  const municipalities = useMunicipalities();
  const form = useForm({
    initialValues: {
      type: service?.type ?? 'day_care',
      nameKa: service?.nameKa ?? '',
      nameEn: service?.nameEn ?? '',
      targetGroup: service?.targetGroup ?? '',
      ageFrom: service?.ageFrom ?? '',
      ageTo: service?.ageTo ?? '',
      capacity: service?.capacity ?? '',
      municipalityId: service?.municipalityId ?? '',
      stateFunded: service?.stateFunded ?? false,
      accessibility: service?.accessibility ?? '',
      openingHours: service?.openingHours ?? '',
    } as Record<string, unknown> & { type: string; nameKa: string; ageFrom: number | string; ageTo: number | string; capacity: number | string },
    validate: { nameKa: (v: unknown) => (typeof v === 'string' && v.trim() ? null : t('validation.required')) },
  });
  const save = useSaveService({ successMessage: t('common.saved'), onSuccess: onDone });
  const num = (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v));
  const bound = useApiForm(form, save, (v) => ({
    id: service?.id ?? null,
    version: service?.version ?? 0,
    values: {
      organisationId: service?.organisationId ?? organisationId,
      type: v.type as (typeof SERVICE_TYPES)[number],
      nameKa: String(v.nameKa),
      nameEn: String(v.nameEn ?? ''),
      targetGroup: String(v.targetGroup ?? ''),
      ageFrom: num(v.ageFrom),
      ageTo: num(v.ageTo),
      capacity: num(v.capacity),
      municipalityId: typeof v.municipalityId === 'string' && v.municipalityId ? v.municipalityId : null,
      stateFunded: v.stateFunded === true,
      accessibility: String(v.accessibility ?? ''),
      openingHours: String(v.openingHours ?? ''),
    },
  }));
  return (
    <form onSubmit={bound.onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={bound.error} shownFields={bound.shownFields} />
        <Select label={t('cases.services.type')} allowDeselect={false} data={SERVICE_TYPES.map((s) => ({ value: s, label: t(`cases.serviceType.${s}`) }))} {...form.getInputProps('type')} />
        <TextInput label={t('cases.services.nameKa')} required lang="ka" {...form.getInputProps('nameKa')} />
        <TextInput label={t('cases.services.nameEn')} lang="en" {...form.getInputProps('nameEn')} />
        <TextInput label={t('cases.services.targetGroup')} {...form.getInputProps('targetGroup')} />
        <Group grow>
          <NumberInput label={t('cases.services.ageFrom')} min={0} max={120} {...form.getInputProps('ageFrom')} />
          <NumberInput label={t('cases.services.ageTo')} min={0} max={120} {...form.getInputProps('ageTo')} />
        </Group>
        <NumberInput label={t('cases.services.capacity')} min={0} {...form.getInputProps('capacity')} />
        <Select label={t('cases.services.municipality')} clearable searchable data={(municipalities.data ?? []).map((m) => ({ value: m.id, label: local(m) }))} {...form.getInputProps('municipalityId')} />
        <Checkbox label={t('cases.services.stateFunded')} {...form.getInputProps('stateFunded', { type: 'checkbox' })} />
        <Textarea label={t('cases.services.accessibility')} autosize minRows={2} {...form.getInputProps('accessibility')} />
        <TextInput label={t('cases.services.openingHours')} {...form.getInputProps('openingHours')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>{t('common.cancel')}</Button>
          <Button type="submit" loading={bound.pending}>{t('common.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
