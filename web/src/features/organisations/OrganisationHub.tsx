import { BarChart } from '@mantine/charts';
import { Anchor, Button, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatFormScore, formatScore } from '../../../../common/numbers';
import { can, useMe } from '../../api/session';
import { DataTable, type Column } from '../../components/DataTable';
import { formatDateTime } from '../../components/dates';
import { usePhone } from '../../components/usePhone';
import { capacityQueries } from '../capacity/api';
import { responseQueries } from '../responses/api';
import { userQueries } from '../users/api';
import type { Organisation } from './api';
import { HubActivity } from './HubActivity';
import { HubSection } from './HubSection';

type UserRow = NonNullable<ReturnType<typeof useOrganisationUsers>['data']>['items'][number];
type FormRow = NonNullable<ReturnType<typeof useOrganisationForms>['data']>['items'][number];

const useOrganisationUsers = (id: string, enabled: boolean) =>
  useQuery({ ...userQueries.list({ organisationId: id, pageSize: 50, sort: 'displayName', dir: 'asc' }), enabled });
const useOrganisationForms = (id: string, enabled: boolean) =>
  useQuery({ ...responseQueries.list({ organisationId: id, pageSize: 10, sort: 'updatedAt', dir: 'desc' }), enabled });

/** The organisation page as the CSO's hub: its capacity scores and plan, services, staff learning, latest filled-in forms and people. */
export function OrganisationHub({ organisation }: { organisation: Organisation }) {
  const { t, i18n } = useTranslation();
  const phone = usePhone();
  const { data: me } = useMe();
  const id = organisation.id;
  const seesUsers = can(me, 'users.manage');
  const seesForms = can(me, 'responses.read');
  const seesScores = organisation.kind === 'cso' && can(me, 'capacity.read');
  const users = useOrganisationUsers(id, seesUsers);
  const forms = useOrganisationForms(id, seesForms);
  const results = useQuery({ ...capacityQueries.results(id), enabled: seesScores });

  const userColumns: Column<UserRow>[] = [
    { key: 'name', header: t('users.displayName'), render: (u) => u.displayName },
    { key: 'roles', header: t('users.roles'), render: (u) => u.roles.map((r) => t(`roles.${r}`)).join(', ') },
    { key: 'status', header: t('common.status'), render: (u) => (u.active ? t('common.active') : t('common.inactive')) },
  ];
  const formColumns: Column<FormRow>[] = [
    {
      key: 'instrument',
      header: t('responses.instrument'),
      render: (r) => <Anchor renderRoot={(props) => <Link to="/responses/$id" params={{ id: r.id }} {...props} />}>{i18n.language === 'en' ? r.instrumentTitleEn : r.instrumentTitleKa}</Anchor>,
    },
    { key: 'status', header: t('common.status'), render: (r) => t(`responses.status.${r.status}`) },
    { key: 'score', header: t('instruments.score'), render: (r) => formatFormScore(r.score?.overall, i18n.language) },
    { key: 'updatedAt', header: t('responses.updatedAt'), render: (r) => formatDateTime(r.updatedAt, i18n.language) },
  ];
  // The latest round with scores: its overall score and a bar per domain. On a phone the domain
  // names wrap to three or four lines beside their bars, so each bar gets the room they need.
  const barSpace = phone ? 84 : 56;
  const latest = [...(results.data?.rounds ?? [])].reverse().find((r) => r.overall !== null || r.domains.some((d) => d.score !== null));
  const domains = (latest?.domains ?? []).filter((d) => d.score !== null);
  const roundName = (a: { roundNameKa: string; roundNameEn: string }) => (i18n.language === 'en' ? a.roundNameEn : a.roundNameKa);
  const labelOf = (l: { ka?: string; en?: string } | undefined, fallback: string) => (i18n.language === 'en' ? l?.en || l?.ka : l?.ka || l?.en) || fallback;
  const score = (n: number) => formatScore(n, i18n.language);

  return (
    <Stack mt="md">
      {seesScores && (
        <HubSection
          title={t('organisations.hub.scores')}
          action={<Button size="xs" variant="light" renderRoot={(props) => <Link to="/organisations/$id/capacity" params={{ id }} {...props} />}>{t('organisations.hub.openCapacity')}</Button>}
        >
          {!latest ? (
            <Text c="dimmed" size="sm">{results.isLoading ? t('app.loading') : t('organisations.hub.noScores')}</Text>
          ) : (
            <>
              <Text size="sm" mb="xs">
                {roundName(latest)}
                {latest.overall !== null && <> · {t('capacity.overall')}: <b>{score(latest.overall)}</b></>}
              </Text>
              {domains.length > 0 && (
                <div aria-hidden="true">
                  <BarChart h={Math.max(160, domains.length * barSpace)} data={domains.map((d) => ({ domain: labelOf(d.label, d.name), score: d.score ?? 0 }))} dataKey="domain" orientation="vertical" yAxisProps={{ width: 140 }} xAxisProps={{ domain: [0, 4] }} series={[{ name: 'score', label: t('instruments.score'), color: 'teal.7' }]} withTooltip={false} />
                </div>
              )}
              <Table mt="xs" striped>
                <caption className="visually-hidden">{`${t('organisations.hub.scores')}: ${roundName(latest)}`}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('organisations.hub.domain')}</Table.Th>
                    <Table.Th scope="col" ta="right">{t('instruments.score')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {domains.map((d) => (
                    <Table.Tr key={d.name}>
                      <Table.Td>{labelOf(d.label, d.name)}</Table.Td>
                      <Table.Td ta="right">{score(d.score ?? 0)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </HubSection>
      )}
      {organisation.kind === 'cso' && <HubActivity organisationId={id} />}
      {seesForms && (
        <HubSection title={t('organisations.hub.forms')}>
          <DataTable caption={t('organisations.hub.forms')} columns={formColumns} rows={forms.data?.items} rowKey={(r) => r.id} loading={forms.isLoading} emptyText={t('organisations.hub.noForms')} />
        </HubSection>
      )}
      {seesUsers && (
        <HubSection title={t('organisations.hub.people')}>
          <DataTable caption={t('organisations.hub.people')} columns={userColumns} rows={users.data?.items} rowKey={(u) => u.id} loading={users.isLoading} emptyText={t('organisations.hub.noPeople')} />
        </HubSection>
      )}
    </Stack>
  );
}
