import { Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { textIn } from '../../../../common/instruments/definition';
import type { ScoreResult } from '../../../../common/instruments/scoring';
import { formatFormScore } from '../../../../common/numbers';

export function ScoreSummary({ score, lang }: { score: ScoreResult; lang: 'ka' | 'en' }) {
  const { t } = useTranslation();
  if (score.overall === null && score.sections.length === 0) return null;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4">{t('instruments.score')}</Title>
      <Text fz="xl" fw={700}>
        {formatFormScore(score.overall, lang)} {score.band && <Text span fw={400}>· {textIn(score.band, lang)}</Text>}
      </Text>
      {score.sections.length > 0 && (
        <Table.ScrollContainer minWidth={300}>
          <Table mt="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('instruments.section')}</Table.Th>
                <Table.Th scope="col">{t('instruments.score')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {score.sections.map((s) => (
                <Table.Tr key={s.name}>
                  <Table.Td>{textIn(s.label, lang) || s.name}</Table.Td>
                  <Table.Td>{formatFormScore(s.score, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
