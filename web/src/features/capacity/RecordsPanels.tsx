import { Button, Group, Modal, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../../../../common/numbers';
import { BUDGET_BANDS, CURRENCIES, MAX_SESSION_MINUTES, PREMISES_ACCESSIBILITY, SUPERVISION_TYPES, SUPPORT_CATEGORIES, TARGET_GROUPS } from '../../../../common/schemas/capacity';
import { can, useMe } from '../../api/session';
import type { Column } from '../../components/DataTable';
import { DateField } from '../../components/DateField';
import { formatDate, localToday } from '../../components/dates';
import { ExportButtons } from '../../components/ExportButtons';
import { FormActions } from '../../components/FormActions';
import { InlineForm, useFormOpener } from '../../components/OpenedForm';
import { PagedList } from '../../components/PagedList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useListState } from '../../components/useListState';
import { confirmDiscard } from '../../components/confirm';
import { capacityQueries, useCreateSupervision, useCreateSupport, useDeleteRecord, useSaveProfile, useUpdateSupervision, type Profile, type SupervisionSession, type SupportItem } from './api';
import { durationError, recordDateError } from './record-rules';
import { SupportTotalsTable } from './SupportTotals';

const PAGE_SIZE = 10;

/**
 * A supervision recorded, or (with `record`) corrected with the version it was read at. Supervisor
 * and supervisee are picked from the users (so one person's hours count together however their
 * name is spelt), or typed for someone without an account.
 */
function SupervisionForm({ organisationId, record, onDone }: { organisationId: string; record?: SupervisionSession; onDone: () => void }) {
  const { t } = useTranslation();
  const ui = { successMessage: t('capacity.supervision.saved'), onSuccess: onDone };
  const create = useCreateSupervision(ui);
  const update = useUpdateSupervision(ui);
  const people = useQuery(capacityQueries.supervisionPeople(organisationId));
  const form = useForm({
    initialValues: {
      supervisorUserId: record?.supervisorUserId ?? '',
      supervisor: record?.supervisorUserId ? '' : (record?.supervisor ?? ''),
      superviseeUserId: record?.superviseeUserId ?? '',
      supervisee: record?.superviseeUserId ? '' : (record?.supervisee ?? ''),
      heldOn: record?.heldOn ?? localToday(),
      durationMinutes: (record?.durationMinutes ?? 60) as number | string,
      type: record?.type ?? ('individual' as SupervisionSession['type']),
      themes: record?.themes ?? '',
    },
    validate: {
      supervisor: (v, values) => (values.supervisorUserId || v.trim() ? null : t('validation.required')),
      supervisee: (v, values) => (values.superviseeUserId || v.trim() ? null : t('validation.required')),
      heldOn: (v) => recordDateError(t, v, 'capacity.errors.heldInFuture'),
      durationMinutes: (v) => durationError(t, v),
    },
  });
  // A picked user is sent as the user (the server keeps their name); the typed name only without one.
  const body = (values: typeof form.values) => ({
    ...values,
    supervisorUserId: values.supervisorUserId || null,
    supervisor: values.supervisorUserId ? '' : values.supervisor,
    superviseeUserId: values.superviseeUserId || null,
    supervisee: values.superviseeUserId ? '' : values.supervisee,
    durationMinutes: Number(values.durationMinutes),
  });
  const created = useApiForm(form, create, (values) => ({ ...body(values), organisationId }));
  const edited = useApiForm(form, update, (values) => ({ ...body(values), id: record?.id ?? '', version: record?.version ?? 0 }));
  const { onSubmit, error, pending, shownFields } = record ? edited : created;
  const option = (u: { id: string; displayName: string }) => ({ value: u.id, label: u.displayName });
  const own = (people.data ?? []).filter((u) => u.ownOrganisation);
  const consortium = (people.data ?? []).filter((u) => !u.ownOrganisation);
  // Someone picked before and no longer offered (deactivated, or out of the reader's reach) stays picked, by the name kept.
  const kept = (id: string | null | undefined, name: string | undefined, list: { id: string }[]) => (id && people.data && !list.some((u) => u.id === id) ? [{ value: id, label: name ?? id }] : []);
  const supervisors = [
    ...(own.length ? [{ group: t('capacity.supervision.ownStaff'), items: own.map(option) }] : []),
    ...(consortium.length ? [{ group: t('capacity.supervision.consortiumStaff'), items: consortium.map(option) }] : []),
    ...(kept(record?.supervisorUserId, record?.supervisorName ?? record?.supervisor, people.data ?? []).map((o) => ({ group: t('capacity.plan.formerUser'), items: [o] }))),
  ];
  const supervisees = [...own.map(option), ...kept(record?.superviseeUserId, record?.superviseeName ?? record?.supervisee, own)];
  const pick = (field: 'supervisorUserId' | 'superviseeUserId') => ({
    ...form.getInputProps(field),
    value: form.values[field] || null,
    onChange: (id: string | null) => form.setFieldValue(field, id ?? ''),
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error ?? people.error} shownFields={shownFields} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('capacity.supervision.supervisorUser')} description={t('capacity.supervision.userHint')} clearable searchable data={supervisors} {...pick('supervisorUserId')} />
        <Select label={t('capacity.supervision.superviseeUser')} description={t('capacity.supervision.userHint')} clearable searchable data={supervisees} {...pick('superviseeUserId')} />
        {!form.values.supervisorUserId && <TextInput label={t('capacity.supervision.supervisor')} description={t('capacity.supervision.nameHint')} required {...form.getInputProps('supervisor')} />}
        {!form.values.superviseeUserId && <TextInput label={t('capacity.supervision.supervisee')} description={t('capacity.supervision.nameHint')} required {...form.getInputProps('supervisee')} />}
        <DateField label={t('capacity.supervision.heldOn')} required maxDate={localToday()} {...form.getInputProps('heldOn')} />
        <NumberInput label={t('capacity.durationMinutes')} min={1} max={MAX_SESSION_MINUTES} clampBehavior="none" allowDecimal={false} required {...form.getInputProps('durationMinutes')} />
        <Select label={t('capacity.supervision.type')} allowDeselect={false} data={SUPERVISION_TYPES.map((s) => ({ value: s, label: t(`capacity.supervisionTypes.${s}`) }))} {...form.getInputProps('type')} />
        <Textarea label={t('capacity.supervision.themes')} autosize minRows={2} {...form.getInputProps('themes')} />
      </SimpleGrid>
      <FormActions submitLabel={t('common.save')} pending={pending} onCancel={onDone} />
    </form>
  );
}

export function SupervisionPanel({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const adding = useFormOpener();
  const [editing, setEditing] = useState<SupervisionSession | null>(null);
  // Whoever records supervision may correct it.
  const editable = can(me, 'capacity.assess');
  const remove = useDeleteRecord('supervision', { successMessage: t('capacity.supervision.deleted') });
  const confirmDelete = (s: SupervisionSession) => confirmDiscard({ action: t('capacity.supervision.delete'), consequence: t('capacity.supervision.confirmDelete', { name: s.superviseeName ?? s.supervisee, date: formatDate(s.heldOn, i18n.language) }), onConfirm: () => remove.mutate(s.id) });
  const hours = useQuery(capacityQueries.supervisionHours(organisationId));
  const userNames = new Set((hours.data?.bySupervisee ?? []).filter((s) => s.superviseeUserId).map((s) => s.supervisee));
  const list = useListState('supervision', { sort: 'heldOn', dir: 'desc' }, {});
  const params = { ...list.params, q: undefined, organisationId };
  const query = useQuery(capacityQueries.supervision({ ...params, ...list.pageParams, pageSize: PAGE_SIZE }));
  const columns: Column<SupervisionSession>[] = [
    { key: 'heldOn', header: t('capacity.supervision.heldOn'), sortKey: 'heldOn', render: (s) => formatDate(s.heldOn, i18n.language) },
    // A picked user by their name as it is now; otherwise the name typed (or kept when they were picked).
    { key: 'supervisor', header: t('capacity.supervision.supervisor'), render: (s) => s.supervisorName ?? s.supervisor },
    { key: 'supervisee', header: t('capacity.supervision.supervisee'), render: (s) => s.superviseeName ?? s.supervisee },
    { key: 'type', header: t('capacity.supervision.type'), render: (s) => t(`capacity.supervisionTypes.${s.type}`) },
    { key: 'duration', header: t('capacity.durationMinutes'), render: (s) => s.durationMinutes },
    { key: 'themes', header: t('capacity.supervision.themes'), render: (s) => s.themes || '—' },
    ...(editable
      ? [{
          key: 'edit',
          header: t('common.actions'),
          render: (s: SupervisionSession) => (
            <Group gap={4} wrap="nowrap">
              <Button size="compact-xs" variant="default" aria-label={`${t('capacity.supervision.edit')}: ${formatDate(s.heldOn, i18n.language)}, ${s.supervisee}`} onClick={() => setEditing(s)}>{t('common.edit')}</Button>
              <Button size="compact-xs" variant="default" aria-label={`${t('capacity.supervision.delete')}: ${formatDate(s.heldOn, i18n.language)}, ${s.supervisee}`} onClick={() => confirmDelete(s)}>{t('capacity.deleteRecord')}</Button>
            </Group>
          ),
        }]
      : []),
  ];
  return (
    <Stack>
      {hours.data && (
        <div>
          <Text fw={700}>{t('capacity.supervision.hours')}: {formatNumber(hours.data.total, i18n.language, { maxDigits: 1 })}</Text>
          <Table maw={420}>
            <caption>{t('capacity.supervision.hoursBySupervisee')}</caption>
            <Table.Tbody>
              {hours.data.bySupervisee.map((s) => (
                <Table.Tr key={s.superviseeUserId ?? `name:${s.supervisee}`}>
                  <Table.Th scope="row" fw={400}>
                    {s.supervisee}
                    {/* Older records typed a user's name: said so where it would read as the same person twice. */}
                    {!s.superviseeUserId && userNames.has(s.supervisee) && <Text span size="sm" c="dimmed"> ({t('capacity.supervision.typedName')})</Text>}
                  </Table.Th><Table.Td>{formatNumber(s.hours, i18n.language, { maxDigits: 1 })}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <Group justify="flex-end" gap="xs">
        <ExportButtons path="/capacity/supervision/export" filters={params} total={query.data?.total} failed={query.isError} />
        {editable && !adding.opened && <Button ref={adding.openerRef} size="xs" onClick={adding.open}>{t('capacity.supervision.new')}</Button>}
      </Group>
      <InlineForm opener={adding}><SupervisionForm organisationId={organisationId} onDone={adding.close} /></InlineForm>
      <Modal opened={!!editing} onClose={() => setEditing(null)} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('capacity.supervision.edit')} size="lg">
        {editing && <SupervisionForm key={`${editing.id}:${editing.version}`} organisationId={organisationId} record={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <PagedList caption={t('capacity.supervision.title')} columns={columns} query={query} list={list} rowKey={(s) => s.id} emptyText={t('capacity.supervision.none')} />
    </Stack>
  );
}

function NewSupport({ organisationId, onDone }: { organisationId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateSupport({ successMessage: t('capacity.support.saved'), onSuccess: onDone });
  const form = useForm({
    initialValues: { organisationId, category: 'equipment' as SupportItem['category'], description: '', value: 0 as number | string, currency: 'GEL' as SupportItem['currency'], deliveredOn: localToday(), need: '', acceptanceDocument: '' },
    validate: {
      description: (v) => (v.trim() ? null : t('validation.required')),
      // Said, never clamped: a minus typed is a slip to show.
      value: (v) => (v === '' ? t('validation.required') : Number(v) < 0 ? t('validation.tooSmall', { min: 0 }) : Number(v) > 1_000_000_000 ? t('validation.tooBig', { max: 1_000_000_000 }) : null),
      deliveredOn: (v) => recordDateError(t, v, 'capacity.errors.deliveredInFuture', false),
    },
  });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, create, (values) => ({ ...values, value: Number(values.value), deliveredOn: values.deliveredOn || null }));
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('capacity.support.category')} allowDeselect={false} data={SUPPORT_CATEGORIES.map((c) => ({ value: c, label: t(`capacity.categories.${c}`) }))} {...form.getInputProps('category')} />
        <TextInput label={t('capacity.support.description')} required {...form.getInputProps('description')} />
        <NumberInput label={t('capacity.support.value')} min={0} decimalScale={2} clampBehavior="none" required {...form.getInputProps('value')} />
        <Select label={t('capacity.support.currency')} allowDeselect={false} data={[...CURRENCIES]} {...form.getInputProps('currency')} />
        <DateField label={t('capacity.support.deliveredOn')} maxDate={localToday()} {...form.getInputProps('deliveredOn')} />
        <TextInput label={t('capacity.support.need')} {...form.getInputProps('need')} />
        <TextInput label={t('capacity.support.acceptanceDocument')} {...form.getInputProps('acceptanceDocument')} />
      </SimpleGrid>
      <FormActions submitLabel={t('common.save')} pending={pending} onCancel={onDone} />
    </form>
  );
}

export function SupportPanel({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const adding = useFormOpener();
  const totals = useQuery(capacityQueries.supportTotals(organisationId));
  const recorder = can(me, 'capacity.support');
  const remove = useDeleteRecord('support', { successMessage: t('capacity.support.deleted') });
  const list = useListState('support', { sort: 'deliveredOn', dir: 'desc' }, { category: undefined as string | undefined });
  const params = { ...list.params, q: undefined, organisationId };
  const query = useQuery(capacityQueries.support({ ...params, ...list.pageParams, pageSize: PAGE_SIZE }));
  const columns: Column<SupportItem>[] = [
    { key: 'category', header: t('capacity.support.category'), render: (s) => t(`capacity.categories.${s.category}`) },
    { key: 'description', header: t('capacity.support.description'), render: (s) => s.description },
    { key: 'value', header: t('capacity.support.value'), sortKey: 'value', render: (s) => formatMoney(s.value, s.currency, i18n.language) },
    { key: 'deliveredOn', header: t('capacity.support.deliveredOn'), sortKey: 'deliveredOn', render: (s) => formatDate(s.deliveredOn, i18n.language) },
    { key: 'acceptance', header: t('capacity.support.acceptanceDocument'), render: (s) => s.acceptanceDocument || '—' },
    ...(recorder
      ? [{
          key: 'delete',
          header: t('common.actions'),
          render: (s: SupportItem) => (
            <Button size="compact-xs" variant="default" aria-label={`${t('capacity.support.delete')}: ${s.description}`}
              onClick={() => confirmDiscard({ action: t('capacity.support.delete'), consequence: t('capacity.support.confirmDelete', { name: s.description }), onConfirm: () => remove.mutate(s.id) })}>{t('capacity.deleteRecord')}</Button>
          ),
        }]
      : []),
  ];
  return (
    <Stack>
      {totals.data && totals.data.length > 0 && (
        <SupportTotalsTable totals={totals.data} />
      )}
      <Group justify="space-between" align="end">
        <Select label={t('capacity.support.category')} clearable placeholder={t('common.all')} value={list.filters.category ?? null} onChange={(v) => list.setFilter('category', v ?? undefined)}
          data={SUPPORT_CATEGORIES.map((c) => ({ value: c, label: t(`capacity.categories.${c}`) }))} w={{ base: '100%', xs: 240 }} />
        <Group gap="xs">
          <ExportButtons path="/capacity/support/export" filters={params} total={query.data?.total} failed={query.isError} />
          {can(me, 'capacity.support') && !adding.opened && <Button ref={adding.openerRef} size="xs" onClick={adding.open}>{t('capacity.support.new')}</Button>}
        </Group>
      </Group>
      <InlineForm opener={adding}><NewSupport organisationId={organisationId} onDone={adding.close} /></InlineForm>
      <PagedList caption={t('capacity.support.title')} columns={columns} query={query} list={list} rowKey={(s) => s.id} emptyText={t('capacity.support.none')} />
    </Stack>
  );
}

function ProfileForm({ organisationId, profile, onDone }: { organisationId: string; profile: Profile; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveProfile(organisationId, { successMessage: t('capacity.profile.saved'), onSuccess: onDone });
  const form = useForm({
    initialValues: {
      mission: profile.mission, legalForm: profile.legalForm, yearFounded: profile.yearFounded ?? '', targetGroups: profile.targetGroups as string[], services: profile.services,
      women: profile.staff.women, men: profile.staff.men, volunteersWomen: profile.staff.volunteersWomen, volunteersMen: profile.staff.volunteersMen,
      budgetBand: profile.budgetBand ?? '', premisesAccessibility: profile.premisesAccessibility ?? '', keyDocuments: profile.keyDocuments,
    },
  });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, save, (v) => ({
    mission: v.mission, legalForm: v.legalForm, yearFounded: v.yearFounded === '' ? null : Number(v.yearFounded), targetGroups: v.targetGroups as Profile['targetGroups'], services: v.services,
    staff: { women: Number(v.women), men: Number(v.men), volunteersWomen: Number(v.volunteersWomen), volunteersMen: Number(v.volunteersMen) },
    budgetBand: (v.budgetBand || null) as Profile['budgetBand'], premisesAccessibility: (v.premisesAccessibility || null) as Profile['premisesAccessibility'], keyDocuments: v.keyDocuments, version: profile.version,
  }));
  // The API names the figures `staff.women` …, the form `women` …: their messages land on no
  // input, and the alert lists them under the inputs' labels.
  const staffLabels = {
    'staff.women': t('capacity.profile.staffWomen'),
    'staff.men': t('capacity.profile.staffMen'),
    'staff.volunteersWomen': t('capacity.profile.volunteersWomen'),
    'staff.volunteersMen': t('capacity.profile.volunteersMen'),
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} fieldLabels={staffLabels} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Textarea label={t('capacity.profile.mission')} autosize minRows={2} {...form.getInputProps('mission')} />
        <Textarea label={t('capacity.profile.services')} autosize minRows={2} {...form.getInputProps('services')} />
        <TextInput label={t('capacity.profile.legalForm')} {...form.getInputProps('legalForm')} />
        <NumberInput label={t('capacity.profile.yearFounded')} min={1900} max={2100} {...form.getInputProps('yearFounded')} />
        <MultiSelect label={t('capacity.profile.targetGroups')} data={TARGET_GROUPS.map((g) => ({ value: g, label: t(`capacity.targetGroups.${g}`) }))} {...form.getInputProps('targetGroups')} />
        <Select label={t('capacity.profile.budgetBand')} clearable data={BUDGET_BANDS.map((b) => ({ value: b, label: t(`capacity.budgetBands.${b}`) }))} {...form.getInputProps('budgetBand')} />
        <NumberInput label={t('capacity.profile.staffWomen')} min={0} {...form.getInputProps('women')} />
        <NumberInput label={t('capacity.profile.staffMen')} min={0} {...form.getInputProps('men')} />
        <NumberInput label={t('capacity.profile.volunteersWomen')} min={0} {...form.getInputProps('volunteersWomen')} />
        <NumberInput label={t('capacity.profile.volunteersMen')} min={0} {...form.getInputProps('volunteersMen')} />
        <Select label={t('capacity.profile.premisesAccessibility')} clearable data={PREMISES_ACCESSIBILITY.map((p) => ({ value: p, label: t(`capacity.premises.${p}`) }))} {...form.getInputProps('premisesAccessibility')} />
        <Textarea label={t('capacity.profile.keyDocuments')} autosize minRows={2} {...form.getInputProps('keyDocuments')} />
      </SimpleGrid>
      <FormActions submitLabel={t('common.save')} pending={pending} onCancel={onDone} />
    </form>
  );
}

export function ProfilePanel({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const profile = useQuery(capacityQueries.profile(organisationId));
  if (profile.error) return <ProblemAlert error={profile.error} onRetry={() => void profile.refetch()} />;
  const p = profile.data;
  if (!p) return <Text>{t('app.loading')}</Text>;
  if (editing) return <Paper withBorder p="md"><ProfileForm organisationId={organisationId} profile={p} onDone={() => setEditing(false)} /></Paper>;
  const row = (label: string, value: string | number | null) => (
    <Table.Tr key={label}><Table.Th scope="row" fw={400} w="40%">{label}</Table.Th><Table.Td style={{ overflowWrap: 'anywhere' }}>{value || '—'}</Table.Td></Table.Tr>
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">{t('capacity.profile.title')}</Title>
        {can(me, 'organisations.update') && <Button size="xs" onClick={() => setEditing(true)}>{t('common.edit')}</Button>}
      </Group>
      <Table>
        <Table.Tbody>
          {row(t('capacity.profile.mission'), p.mission)}
          {row(t('capacity.profile.legalForm'), p.legalForm)}
          {row(t('capacity.profile.yearFounded'), p.yearFounded)}
          {row(t('capacity.profile.targetGroups'), p.targetGroups.map((g) => t(`capacity.targetGroups.${g}`)).join(', '))}
          {row(t('capacity.profile.services'), p.services)}
          {row(`${t('capacity.profile.staffWomen')} / ${t('capacity.profile.staffMen')}`, `${p.staff.women} / ${p.staff.men}`)}
          {row(`${t('capacity.profile.volunteersWomen')} / ${t('capacity.profile.volunteersMen')}`, `${p.staff.volunteersWomen} / ${p.staff.volunteersMen}`)}
          {row(t('capacity.profile.budgetBand'), p.budgetBand ? t(`capacity.budgetBands.${p.budgetBand}`) : null)}
          {row(t('capacity.profile.premisesAccessibility'), p.premisesAccessibility ? t(`capacity.premises.${p.premisesAccessibility}`) : null)}
          {row(t('capacity.profile.keyDocuments'), p.keyDocuments)}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
