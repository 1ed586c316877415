import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../../common/schemas/organisation';
import { api } from '../../api/client';
import { useLocalName, useMunicipalities } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { OrganisationForm } from './OrganisationForm';

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

export function OrganisationPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/app/organisations/$id' });
  const { data: me } = useMe();
  const localName = useLocalName();
  const municipalities = useMunicipalities();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const query = useQuery({ queryKey: ['organisation', id], queryFn: () => api<Organisation>('GET', `/organisations/${id}`) });
  const organisation = query.data;

  if (query.error) return <ProblemAlert error={query.error} />;
  if (!organisation) return <Text>{t('app.loading')}</Text>;

  return (
    <>
      <PageHeader
        title={localName(organisation)}
        actions={
          !editing &&
          can(me, 'organisations.update') && (
            <Button size="xs" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          )
        }
      />
      <Anchor component={Link} to="/organisations" size="sm" mb="md" display="inline-block">
        ← {t('organisations.title')}
      </Anchor>
      {editing ? (
        <Paper withBorder p="md">
          <OrganisationForm
            initial={organisation}
            canChangeKind={can(me, 'organisations.create')}
            submitLabel={t('common.save')}
            successMessage={t('organisations.updated')}
            send={(values) => api<Organisation>('PATCH', `/organisations/${id}`, { ...values, version: organisation.version })}
            onSaved={(saved) => {
              client.setQueryData(['organisation', id], saved);
              void client.invalidateQueries({ queryKey: ['organisations'] });
              setEditing(false);
            }}
            onCancel={() => setEditing(false)}
          />
        </Paper>
      ) : (
        <Paper withBorder p="md">
          <Stack>
            <Group gap="xs">
              <Badge variant="light">{t(`kinds.${organisation.kind}`)}</Badge>
              {!organisation.active && <Badge color="gray">{t('common.inactive')}</Badge>}
            </Group>
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
    </>
  );
}

export function NewOrganisationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  return (
    <>
      <PageHeader title={t('organisations.new')} />
      <Paper withBorder p="md">
        <OrganisationForm
          canChangeKind
          submitLabel={t('common.create')}
          successMessage={t('organisations.created')}
          send={(values) => api<Organisation>('POST', '/organisations', values)}
          onSaved={(saved) => {
            void client.invalidateQueries({ queryKey: ['organisations'] });
            void navigate({ to: '/organisations/$id', params: { id: saved.id } });
          }}
          onCancel={() => void navigate({ to: '/organisations' })}
        />
      </Paper>
    </>
  );
}
