import { Alert, Anchor, Badge, Button, List, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ApiError } from '../../api/client';
import { can, useMe } from '../../api/session';
import { caseQueries, useOpenCase } from './api';
import { useLocalName } from '../../api/lookups';
import { formatDate } from '../../components/dates';
import { useMunicipalities } from '../places/api';
import { useBirthText } from './PersonFields';
import { ConsentsSection, DetailsSection, HistorySection, SubjectRightsSection } from './PersonRecords';

export function PersonPage() {
  const { t, i18n } = useTranslation();
  const birthText = useBirthText();
  const localName = useLocalName();
  const municipalities = useMunicipalities();
  const { id } = useParams({ from: '/app/people/$id' });
  const navigate = useNavigate();
  const { data: me } = useMe();
  const person = useQuery(caseQueries.person(id));
  const cases = useQuery(caseQueries.casesOf(id));
  const open = useOpenCase({ successMessage: t('common.saved'), onSuccess: (c) => navigate({ to: '/cases/$id', params: { id: c.id } }) });
  const p = person.data;
  const missing = person.error instanceof ApiError && person.error.status === 404;
  // A person may have more than one case at a time (the server allows it), but a second open
  // case is rarely meant: asked first, naming the open one.
  const openCase = () => {
    const already = (cases.data ?? []).find((c) => c.status !== 'closed');
    if (!already) return open.mutate({ personId: id });
    modals.openConfirmModal({
      closeButtonProps: { 'aria-label': t('common.close') },
      title: t('cases.personPage.openAnotherTitle'),
      children: <Text size="sm">{t('cases.personPage.openAnotherConfirm', { date: formatDate(already.openedOn, i18n.language), status: t(`cases.status.${already.status}`) })}</Text>,
      labels: { confirm: t('cases.personPage.openAnother'), cancel: t('common.cancel') },
      onConfirm: () => open.mutate({ personId: id }),
    });
  };
  const rows: [string, string | null | undefined][] = p
    ? [
        [t('cases.fields.latinName'), p.latinName],
        [t('cases.fields.sex'), p.sex ? t(`cases.sex.${p.sex}`) : null],
        [t('cases.fields.birthDate'), birthText(p)],
        [t('cases.fields.personalNumber'), p.personalNumber],
        [t('cases.fields.municipality'), p.municipalityId ? localName(municipalities.data?.find((m) => m.id === p.municipalityId)) : null],
        [t('cases.fields.phone'), p.phone],
        [t('cases.fields.address'), p.address],
        [t('cases.fields.language'), p.language && i18n.exists(`cases.languages.${p.language}`) ? t(`cases.languages.${p.language}`) : p.language],
        [t('cases.fields.targetGroup'), p.targetGroup && i18n.exists(`cases.targetGroups.${p.targetGroup}`) ? t(`cases.targetGroups.${p.targetGroup}`) : p.targetGroup],
        [t('cases.shared.accessibility'), p.accessibilityNeeds],
        [t('cases.shared.disability'), p.disability === null ? null : p.disability ? t('cases.aggregates.yes') : t('cases.aggregates.no')],
      ]
    : [];
  return (
    <>
      <PageHeader title={p ? `${p.givenName ?? ''} ${p.surname ?? ''}` : missing ? t('notFound.title') : '…'} />
      <ProblemAlert error={person.error ?? cases.error ?? open.error} />
      {/* An unknown person, or one outside the user's reach (the same 404): a way on, not a dead end. */}
      {missing &&
        (can(me, 'cases.work') ? (
          <Anchor renderRoot={(props) => <Link to="/people" {...props} />}>{t('cases.personPage.backToPeople')}</Anchor>
        ) : (
          <Anchor renderRoot={(props) => <Link to="/" {...props} />}>{t('notFound.home')}</Anchor>
        ))}
      {p && (
        <Stack>
          {p.view === 'referral' && <Badge style={{ alignSelf: 'flex-start' }}>{t('cases.people.referralView')}</Badge>}
          {p.erased && <Alert color="gray">{t('cases.personPage.erased')}</Alert>}
          <Table>
            <Table.Tbody>
              {rows.filter(([, v]) => v).map(([k, v]) => (
                <Table.Tr key={k}><Table.Th scope="row">{k}</Table.Th><Table.Td>{v}</Table.Td></Table.Tr>
              ))}
              {p.disabilityScreening && (
                <Table.Tr>
                  <Table.Th scope="row">{t('cases.people.screeningResult')}</Table.Th>
                  <Table.Td><Anchor renderRoot={(props) => <Link to="/responses/$id" params={{ id: p.disabilityScreening!.responseId }} {...props} />}>{t('cases.people.openScreening')}</Anchor></Table.Td>
                </Table.Tr>
              )}
              {p.view === 'full' && <Table.Tr><Table.Th scope="row">{t('cases.consent.title')}</Table.Th><Table.Td>{p.hasProcessingConsent ? t('cases.consent.processing') : '—'}</Table.Td></Table.Tr>}
            </Table.Tbody>
          </Table>
          {p.view === 'full' && (
            <>
              <Title order={2} size="h3">{t('cases.personPage.cases')}</Title>
              {cases.data?.length === 0 && <Text c="dimmed">{t('cases.personPage.noCases')}</Text>}
              <List>
                {(cases.data ?? []).map((c) => (
                  <List.Item key={c.id}>
                    <Anchor renderRoot={(props) => <Link to="/cases/$id" params={{ id: c.id }} {...props} />}>{`${formatDate(c.openedOn, i18n.language)} · ${t(`cases.status.${c.status}`)}`}</Anchor>
                  </List.Item>
                ))}
              </List>
              {p.hasProcessingConsent && <Button onClick={openCase} loading={open.isPending}>{t('cases.openCase')}</Button>}
              {!p.hasProcessingConsent && <Text c="dimmed">{t('cases.errors.noConsent')}</Text>}
              {!p.erased && <DetailsSection key={p.version} person={p} />}
              {!p.erased && <ConsentsSection person={p} />}
              {!p.erased && can(me, 'cases.supervise') && <SubjectRightsSection person={p} />}
              <HistorySection personId={p.id} />
            </>
          )}
        </Stack>
      )}
    </>
  );
}
