import { Alert, Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { can, useMe } from '../../api/session';
import { formatDate, formatDateTime } from '../../components/dates';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { caseQueries, type CaseFile } from './api';
import { BreakGlass, ReferralSection, StatusSection } from './CaseWork';
import { AssessmentSection, CASE_SECTIONS, PlanSection, ReviewsSection } from './PlanSections';
import { CaseOfflineToggle, KeptCaseSessions, SessionsSection, useForgetUnreachable, useSessionsSource } from './Sessions';

/** A case file: status, needs assessment, plan, sessions, reviews, referrals; every part usable on a phone. */
export function CasePage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ from: '/app/cases/$id' });
  const { data: me } = useMe();
  const file = useQuery(caseQueries.file(id));
  const [glassUntil, setGlassUntil] = useState<string | null>(null);
  const f = file.data;
  // Outside the caseload a case answers 404 like any unknown record; a CSO manager may break the glass.
  const hidden = file.error instanceof ApiError && file.error.status === 404;
  // Without a connection: the device's copy of a case kept for offline use, to record sessions.
  const offline = file.error instanceof ApiError && file.error.status === 0;
  useForgetUnreachable(id, hidden);
  const caseSections: [string, string][] = [
    [CASE_SECTIONS.status, t('cases.case.statusTitle')],
    [CASE_SECTIONS.assessment, t('cases.assessment.title')],
    [CASE_SECTIONS.plan, t('cases.plan.title')],
    [CASE_SECTIONS.sessions, t('cases.sessions.title')],
    [CASE_SECTIONS.reviews, t('cases.reviews.title')],
    [CASE_SECTIONS.referrals, t('cases.referrals.title')],
  ];
  return (
    <>
      <PageHeader title={f ? f.case.personName : t('cases.title')} />
      {hidden && can(me, 'cases.supervise') ? (
        <BreakGlass
          caseId={id}
          onOpened={(expiresAt) => {
            setGlassUntil(expiresAt);
            void file.refetch();
          }}
        />
      ) : offline ? (
        // Offline with the file already read, the page stays as it was; otherwise the device's copy, if kept.
        !f && <KeptCaseSessions caseId={id} error={file.error} />
      ) : (
        <ProblemAlert error={file.error} />
      )}
      {glassUntil && (
        <Alert color="orange" mb="md" role="status">
          {t('cases.breakGlass.until', { time: formatDateTime(glassUntil, i18n.language) })}
        </Alert>
      )}
      {f && (
        <Stack>
          <Group gap="xs">
            <Badge size="lg" variant="light">{t(`cases.status.${f.case.status}`)}</Badge>
            <Text size="sm">{`${t('cases.case.opened')}: ${formatDate(f.case.openedOn, i18n.language)}`}</Text>
            {f.case.nextFollowUp && <Text size="sm">{`${t('cases.case.nextFollowUp')}: ${formatDate(f.case.nextFollowUp, i18n.language)}`}</Text>}
          </Group>
          <Anchor renderRoot={(props) => <Link to="/people/$id" params={{ id: f.case.personId }} {...props} />}>{t('cases.case.person')}</Anchor>
          {/* On a phone the file is thousands of pixels long: a session, the day's usual work, was its fifth part. */}
          <Group component="nav" aria-label={t('cases.case.sections')} gap="xs" wrap="wrap">
            {caseSections.map(([id, title]) => (
              <Anchor key={id} href={`#${id}`} size="sm" onClick={() => focusSection(id)}>{title}</Anchor>
            ))}
          </Group>
          <StatusSection key={`status-${f.case.version}`} file={f} />
          <AssessmentSection file={f} />
          <PlanSection key={`plan-${f.plans[0]?.id ?? 'none'}`} file={f} />
          <Sessions file={f} />
          <ReviewsSection key={`reviews-${f.plans[0]?.id ?? 'none'}`} file={f} />
          <ReferralSection file={f} />
        </Stack>
      )}
    </>
  );
}

/** Sessions online: the file's sessions and the device's, and keeping the case for offline use. */
function Sessions({ file }: { file: CaseFile }) {
  const source = useSessionsSource(file);
  return <SessionsSection source={source}><CaseOfflineToggle source={source} /></SessionsSection>;
}

/** A keyboard or screen-reader user jumps with the view: the section takes the focus. */
function focusSection(id: string) {
  const section = document.getElementById(id);
  if (!section) return;
  section.tabIndex = -1;
  section.focus({ preventScroll: true });
}
