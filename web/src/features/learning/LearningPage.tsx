import { Anchor, Badge, Button, Card, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Certificate, Enrolment } from '../../../../common/schemas/learning';
import { PagedList } from '../../components/PagedList';
import { useListState } from '../../components/useListState';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../../common/numbers';
import { can, useMe } from '../../api/session';
import { formatDate } from '../../components/dates';
import { ExportButtons } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { certificateUrl, learningQueries, useRegisterSelf, type Me } from './api';
import { CatalogueEditor } from './CatalogueEditor';
import { StaffFields, staffBody, staffValues } from './StaffFields';
import { useLocal } from './local';

/** Registering oneself in the staff register: needed once, before the first enrolment. */
function RegisterSelf() {
  const { t } = useTranslation();
  // A manager may have put the person in the register already: then that entry is theirs now, and the page says so.
  const register = useRegisterSelf({ successMessage: (r) => (r.linked ? t('learning.register.linked') : t('common.saved')) });
  const form = useForm({ initialValues: staffValues() });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, register, (v) => staffBody(v, false));
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">{t('learning.register.title')}</Title>
      <Text size="sm" mb="sm">{t('learning.register.hint')}</Text>
      <form onSubmit={onSubmit} noValidate>
        <ProblemAlert error={error} shownFields={shownFields} />
        <StaffFields form={form} contacts={false} />
        <Button type="submit" mt="md" loading={pending}>{t('learning.register.submit')}</Button>
      </form>
    </Paper>
  );
}

function MyLearning({ data, canLearn }: { data: Me; canLearn: boolean }) {
  const { t, i18n } = useTranslation();
  const local = useLocal();
  if (!data.staff) return canLearn ? <RegisterSelf /> : null;
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">{t('learning.myLearning')}</Title>
      {data.enrolments.length === 0 && <Text c="dimmed">{t('learning.noEnrolments')}</Text>}
      {data.enrolments.map((e) => (
        <Paper key={e.id} withBorder p="sm">
          <Group justify="space-between" wrap="wrap">
            <Anchor renderRoot={(props) => <Link to="/learning/modules/$id" params={{ id: e.moduleId }} {...props} />} fw={600}>
              {local(e.titleKa, e.titleEn)}
            </Anchor>
            <Badge color={e.status === 'completed' ? 'teal.9' : 'blue.8'}>{t(`learning.status.${e.status}`)}</Badge>
          </Group>
          <Progress value={e.lessonsTotal ? (e.lessonsCompleted / e.lessonsTotal) * 100 : 0} mt="xs" aria-label={t('learning.progressOf', { done: e.lessonsCompleted, total: e.lessonsTotal })} />
          <Text size="sm" mt={4}>{t('learning.progressOf', { done: e.lessonsCompleted, total: e.lessonsTotal })}</Text>
          {e.status === 'active' && e.resumeLessonId && (
            <Button renderRoot={(props) => <Link to="/learning/lessons/$id" params={{ id: e.resumeLessonId }} {...props} />} size="xs" mt="xs" variant="light">
              {t('learning.resume')}
            </Button>
          )}
        </Paper>
      ))}
      <Title order={2} size="h3" mt="md">{t('learning.myCertificates')}</Title>
      {data.certificates.length === 0 && <Text c="dimmed">{t('learning.noCertificates')}</Text>}
      {data.certificates.map((c) => (
        <Paper key={c.id} withBorder p="sm">
          <Text fw={600}>{local(c.courseKa, c.courseEn)}</Text>
          <Text size="sm">{t('learning.certificateLine', { date: formatDate(c.issuedOn, i18n.language), hours: formatNumber(c.hours, i18n.language), code: c.code })}</Text>
          <Group gap="xs" mt="xs">
            <Button component="a" href={certificateUrl(c.id)} size="xs" download>{t('learning.downloadCertificate')}</Button>
            <Button component="a" href={`/verify/${c.code}`} size="xs" variant="subtle">{t('learning.verifyLink')}</Button>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** A list of the learners a manager or programme staff follow, with its heading and CSV/XLSX export. */
function FollowedList({ title, exportPath, total, failed, children }: { title: string; exportPath: string; total: number | undefined; failed: boolean; children: ReactNode }) {
  return (
    <Stack gap="xs" mt="lg">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">{title}</Title>
        <Group gap="xs">
          <ExportButtons path={exportPath} filters={{}} total={total} failed={failed} />
        </Group>
      </Group>
      {children}
    </Stack>
  );
}

/** Managers and programme staff: the progress of the learners they follow (the server decides whom). */
function LearnersProgress() {
  const { t, i18n } = useTranslation();
  const local = useLocal();
  const list = useListState('enrolments', { sort: 'updatedAt', dir: 'desc' }, {});
  const query = useQuery(learningQueries.enrolments({ ...list.params, ...list.pageParams, pageSize: 10 }));
  return (
    <FollowedList title={t('learning.learnersProgress')} exportPath="/learning/enrolments/export" total={query.data?.total} failed={query.isError}>
      <PagedList<Enrolment>
        caption={t('learning.learnersProgress')}
        query={query}
        list={list}
        rowKey={(r) => r.id}
        emptyText={t('learning.noLearners')}
        columns={[
          { key: 'name', header: t('learning.staff.name'), render: (r) => r.staffName },
          { key: 'module', header: t('learning.trainings.module'), render: (r) => local(r.titleKa, r.titleEn) },
          { key: 'progress', header: t('learning.progress'), render: (r) => `${r.lessonsCompleted}/${r.lessonsTotal}` },
          { key: 'test', header: t('learning.testScore'), render: (r) => (r.testScore === null ? '—' : r.testScore) },
          { key: 'status', header: t('learning.trainings.status'), render: (r) => t(`learning.status.${r.status}`) },
          { key: 'completedAt', header: t('learning.exports.completedAt'), render: (r) => (r.completedAt ? formatDate(r.completedAt, i18n.language) : '—') },
        ]}
      />
    </FollowedList>
  );
}

/** Certificates of the learners the reader follows (the server decides whom), with the PDF and an export. */
function IssuedCertificates() {
  const { t, i18n } = useTranslation();
  const local = useLocal();
  const list = useListState('certificates', { sort: 'issuedOn', dir: 'desc' }, {});
  const query = useQuery(learningQueries.certificates({ ...list.params, ...list.pageParams, pageSize: 10 }));
  return (
    <FollowedList title={t('learning.certificates.title')} exportPath="/learning/certificates/export" total={query.data?.total} failed={query.isError}>
      <PagedList<Certificate>
        caption={t('learning.certificates.title')}
        query={query}
        list={list}
        rowKey={(r) => r.id}
        emptyText={t('learning.certificates.none')}
        columns={[
          { key: 'holder', header: t('learning.exports.holder'), render: (r) => r.holderName },
          { key: 'course', header: t('learning.trainings.module'), render: (r) => local(r.courseKa, r.courseEn) },
          { key: 'kind', header: t('learning.exports.kind'), render: (r) => t(`learning.exports.kinds.${r.kind}`) },
          { key: 'issuedOn', header: t('learning.exports.issuedOn'), sortKey: 'issuedOn', render: (r) => formatDate(r.issuedOn, i18n.language) },
          // The visible text ("PDF") is in the name, outside parentheses: assistive speech input finds the link by it.
          { key: 'pdf', header: t('learning.certificate.title'), render: (r) => <Anchor href={certificateUrl(r.id)} download aria-label={`${t('learning.certificate.title')}, PDF: ${r.holderName}`}>PDF</Anchor> },
        ]}
      />
    </FollowedList>
  );
}

export function LearningPage() {
  const { t, i18n } = useTranslation();
  const local = useLocal();
  const { data: me } = useMe();
  const packages = useQuery(learningQueries.packages());
  const mine = useQuery(learningQueries.me());
  return (
    <>
      <PageHeader
        title={t('learning.title')}
        actions={
          <>
            <Button component={Link} to="/learning/trainings" variant="default" size="xs">{t('learning.trainings.title')}</Button>
            {can(me, 'learning.staff') && <Button component={Link} to="/learning/staff" variant="default" size="xs">{t('learning.staff.title')}</Button>}
            <Button component={Link} to="/learning/reports" variant="default" size="xs">{t('learning.reports.title')}</Button>
          </>
        }
      />
      <ProblemAlert error={packages.error ?? mine.error} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="sm">
          <Title order={2} size="h3">{t('learning.catalogue')}</Title>
          {can(me, 'learning.author') && <CatalogueEditor />}
          {packages.data?.map((p) => (
            <Card key={p.id} withBorder>
              <Group justify="space-between" wrap="nowrap">
                <Title order={3} size="h4">{local(p.titleKa, p.titleEn)}</Title>
                {!p.published && <Badge color="gray">{t('learning.draft')}</Badge>}
              </Group>
              <Text size="sm" c="dimmed" mb="xs">{local(p.descriptionKa, p.descriptionEn)}</Text>
              <Stack gap={4}>
                {p.modules.map((m) => (
                  <Group key={m.id} justify="space-between" wrap="nowrap">
                    <Anchor renderRoot={(props) => <Link to="/learning/modules/$id" params={{ id: m.id }} {...props} />}>{local(m.titleKa, m.titleEn)}</Anchor>
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{t('learning.hours', { hours: formatNumber(m.hours, i18n.language) })}</Text>
                  </Group>
                ))}
              </Stack>
            </Card>
          ))}
        </Stack>
        {mine.data && <MyLearning data={mine.data} canLearn={can(me, 'learning.learn')} />}
      </SimpleGrid>
      {(can(me, 'learning.author') || me?.user.roles.includes('cso_manager')) && (
        <>
          <LearnersProgress />
          <IssuedCertificates />
        </>
      )}
    </>
  );
}
