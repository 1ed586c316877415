import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/session';
import { capacityQueries } from './api';

const SHOWN = 10;

/**
 * On the home page, for those who run assessments: the assessments in their reach that are not
 * final yet (raters still scoring, or the consensus session to hold), oldest round first.
 */
export function AssessmentsToFinish() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const allowed = can(me, 'capacity.assess');
  const list = (status: 'rating' | 'consensus') =>
    ({ ...capacityQueries.assessments({ status, sort: 'round', dir: 'asc', page: 1, pageSize: SHOWN }), enabled: allowed });
  const rating = useQuery(list('rating'));
  const consensus = useQuery(list('consensus'));
  const items = [...(consensus.data?.items ?? []), ...(rating.data?.items ?? [])];
  if (!allowed || items.length === 0) return null;
  const more = (rating.data?.total ?? 0) + (consensus.data?.total ?? 0) - items.length;
  const en = i18n.language === 'en';
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="assessments-to-finish">
      <Title id="assessments-to-finish" order={2} size="h3" mb="sm">{t('capacity.toFinish.title')}</Title>
      <Stack gap={6}>
        {items.map((a) => (
          <Group key={a.id} gap="xs" wrap="wrap">
            <Anchor renderRoot={(props) => <Link to="/capacity/assessments/$id" params={{ id: a.id }} {...props} />}>
              {`${en ? a.organisationNameEn : a.organisationNameKa} · ${en ? a.roundNameEn : a.roundNameKa}`}
            </Anchor>
            <Badge size="sm" variant="light" color={a.status === 'consensus' ? 'grape' : 'blue'}>{t(`capacity.status.${a.status}`)}</Badge>
          </Group>
        ))}
      </Stack>
      {more > 0 && (
        <Text size="sm" mt="xs">
          <Anchor renderRoot={(props) => <Link to="/capacity" {...props} />}>{t('capacity.toFinish.more', { count: more })}</Anchor>
        </Text>
      )}
    </Paper>
  );
}
