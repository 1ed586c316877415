import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { OrganisationOfflineToggle } from '../offline/OfflineToggle';
import { useMunicipalities } from '../places/api';
import { organisationQueries, useCreateOrganisation, useUpdateOrganisation, type Organisation } from './api';
import { OrganisationForm } from './OrganisationForm';
import { OrganisationHub } from './OrganisationHub';
import { RETURNING } from '../../components/useEntryState';

function Field({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text component="dd" m={0} style={{ overflowWrap: 'anywhere' }}>
        {value || '—'}
      </Text>
    </div>
  );
}

function EditOrganisation({ organisation, canChangeKind, onDone }: { organisation: Organisation; canChangeKind: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateOrganisation(organisation, { successMessage: t('organisations.updated'), onSuccess: onDone });
  return <OrganisationForm initial={organisation} canChangeKind={canChangeKind} submitLabel={t('common.save')} mutation={update} onCancel={onDone} />;
}

export function OrganisationPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/app/organisations/$id' });
  const { data: me } = useMe();
  const localName = useLocalName();
  const municipalities = useMunicipalities();
  const [editing, setEditing] = useState(false);
  const query = useQuery(organisationQueries.detail(id));
  const organisation = query.data;

  if (query.error) return <PageProblem error={query.error} />;
  if (!organisation) return <Text>{t('app.loading')}</Text>;

  return (
    <>
      <PageHeader
        title={localName(organisation)}
        actions={
          <>
            {organisation.kind === 'cso' && can(me, 'capacity.read') && (
              <Button size="xs" variant="light" renderRoot={(props) => <Link to="/organisations/$id/capacity" params={{ id: organisation.id }} {...props} />}>
                {t('capacity.hub')}
              </Button>
            )}
            {!editing && can(me, 'organisations.update') && (
              <Button size="xs" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
          </>
        }
      />
      <Anchor component={Link} to="/organisations" state={RETURNING} size="sm" mb="md" display="inline-block">
        ← {t('organisations.title')}
      </Anchor>
      {editing ? (
        <Paper withBorder p="md">
          <EditOrganisation organisation={organisation} canChangeKind={can(me, 'organisations.create')} onDone={() => setEditing(false)} />
        </Paper>
      ) : (
        <Paper withBorder p="md">
          <Stack>
            <Group gap="xs">
              <Badge variant="light">{t(`kinds.${organisation.kind}`)}</Badge>
              {!organisation.active && <Badge color="gray">{t('common.inactive')}</Badge>}
            </Group>
            {/* Only where the user may fill in forms: the forms kept offline are offered for these organisations. */}
            {organisation.mayFillIn && <OrganisationOfflineToggle organisation={organisation} />}
            <SimpleGrid cols={{ base: 1, sm: 2 }} component="dl">
              <Field label={t('organisations.nameKa')} value={organisation.nameKa} />
              <Field label={t('organisations.nameEn')} value={organisation.nameEn} />
              <Field label={t('organisations.shortName')} value={organisation.shortName} />
              <Field label={t('organisations.registrationNumber')} value={organisation.registrationNumber} />
              <Field label={t('organisations.email')} value={organisation.email} />
              <Field label={t('organisations.phone')} value={organisation.phone} />
              <Field label={t('organisations.website')} value={organisation.website} />
              <Field label={t('organisations.address')} value={organisation.address} />
              <Field
                label={t('organisations.municipalities')}
                value={organisation.municipalityIds.map((mid) => localName(municipalities.data?.find((m) => m.id === mid))).join(', ')}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
      )}
      <OrganisationHub organisation={organisation} />
    </>
  );
}

export function NewOrganisationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateOrganisation({
    successMessage: t('organisations.created'),
    onSuccess: (saved) => navigate({ to: '/organisations/$id', params: { id: saved.id } }),
  });
  return (
    <>
      <PageHeader title={t('organisations.new')} />
      <Paper withBorder p="md">
        <OrganisationForm
          canChangeKind
          submitLabel={t('common.create')}
          mutation={create}
          onCancel={() => void navigate({ to: '/organisations' })}
        />
      </Paper>
    </>
  );
}
