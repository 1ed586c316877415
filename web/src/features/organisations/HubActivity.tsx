import { Anchor, Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Service } from '../../../../common/schemas/cases';
import type { Enrolment } from '../../../../common/schemas/learning';
import { pageQuery } from '../../api/queries';
import { can, useMe } from '../../api/session';
import { DataTable, type Column } from '../../components/DataTable';
import { formatDate } from '../../components/dates';
import { capacityQueries, type PlanAction } from '../capacity/api';
import { learningQueries } from '../learning/api';
import { HubSection } from './HubSection';

const SHOWN = 5;

/** A CSO's development plan on its hub: the open actions, nearest deadline first. */
function PlanSection({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const plan = useQuery(capacityQueries.plan({ organisationId, sort: 'deadline', dir: 'asc', page: 1, pageSize: SHOWN }));
  const columns: Column<PlanAction>[] = [
    { key: 'action', header: t('capacity.plan.action'), card: 'title', render: (a) => a.action },
    { key: 'status', header: t('common.status'), render: (a) => t(`capacity.planStatus.${a.status}`) },
    { key: 'deadline', header: t('capacity.plan.deadline'), render: (a) => formatDate(a.deadline, i18n.language) },
  ];
  return (
    <HubSection
      title={t('organisations.hub.plan')}
      action={<Button size="xs" variant="light" renderRoot={(props) => <Link to="/organisations/$id/capacity" params={{ id: organisationId }} {...props} />}>{t('organisations.hub.openPlan')}</Button>}
    >
      <DataTable caption={t('organisations.hub.plan')} columns={columns} rows={plan.data?.items} rowKey={(a) => a.id} loading={plan.isLoading} emptyText={t('organisations.hub.noPlan')} />
    </HubSection>
  );
}

/** The services the CSO offers (its catalogue). */
function ServicesSection({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const services = useQuery(pageQuery<Service>(['cases', 'services', 'organisation', organisationId], '/services', { organisationId, sort: 'nameKa', dir: 'asc', page: 1, pageSize: 20 }));
  const columns: Column<Service>[] = [
    { key: 'name', header: t('organisations.hub.service'), card: 'title', render: (s) => (i18n.language === 'en' && s.nameEn ? s.nameEn : s.nameKa) },
    { key: 'type', header: t('cases.services.type'), render: (s) => t(`cases.serviceType.${s.type}`) },
  ];
  const more = (services.data?.total ?? 0) - (services.data?.items.length ?? 0);
  return (
    <HubSection
      title={t('organisations.hub.services')}
      action={more > 0 ? <Anchor size="sm" renderRoot={(props) => <Link to="/services" {...props} />}>{t('organisations.hub.more', { count: more })}</Anchor> : undefined}
    >
      <DataTable caption={t('organisations.hub.services')} columns={columns} rows={services.data?.items} rowKey={(s) => s.id} loading={services.isLoading} emptyText={t('organisations.hub.noServices')} />
    </HubSection>
  );
}

/** Its staff's learning: the latest enrolments in modules, with progress. */
function TrainingSection({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const enrolments = useQuery(learningQueries.enrolments({ organisationId, sort: 'updatedAt', dir: 'desc', page: 1, pageSize: SHOWN }));
  const columns: Column<Enrolment>[] = [
    { key: 'staff', header: t('organisations.hub.learner'), card: 'title', render: (e) => e.staffName },
    { key: 'module', header: t('organisations.hub.module'), render: (e) => (i18n.language === 'en' ? e.titleEn || e.titleKa : e.titleKa) },
    { key: 'progress', header: t('organisations.hub.progress'), render: (e) => `${t(`learning.status.${e.status}`)} · ${e.lessonsCompleted}/${e.lessonsTotal}` },
  ];
  return (
    <HubSection
      title={t('organisations.hub.learning')}
      action={<Button size="xs" variant="light" renderRoot={(props) => <Link to="/learning" {...props} />}>{t('organisations.hub.openLearning')}</Button>}
    >
      <DataTable caption={t('organisations.hub.learning')} columns={columns} rows={enrolments.data?.items} rowKey={(e) => e.id} loading={enrolments.isLoading} emptyText={t('organisations.hub.noLearning')} />
    </HubSection>
  );
}

/** A CSO's plan, services and its staff's learning, each for those who may read it. */
export function HubActivity({ organisationId }: { organisationId: string }) {
  const { data: me } = useMe();
  return (
    <>
      {can(me, 'capacity.read') && <PlanSection organisationId={organisationId} />}
      {can(me, 'cases.read') && <ServicesSection organisationId={organisationId} />}
      {can(me, 'learning.staff') && <TrainingSection organisationId={organisationId} />}
    </>
  );
}
