import { Alert, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from './api';

type Issue = ImportResult['errors'][number];

/** The importer's findings, row by row, as a spreadsheet user would look them up. */
export function ImportReport({ errors = [], warnings = [] }: { errors?: Issue[]; warnings?: Issue[] }) {
  const { t } = useTranslation();
  if (!errors.length && !warnings.length) return null;
  const table = (issues: Issue[]) => (
    <Table.ScrollContainer minWidth={420}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('instruments.sheet')}</Table.Th>
            <Table.Th scope="col">{t('instruments.row')}</Table.Th>
            <Table.Th scope="col">{t('instruments.column')}</Table.Th>
            <Table.Th scope="col">{t('instruments.problem')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.map((i, n) => (
            <Table.Tr key={n}>
              <Table.Td>{i.sheet}</Table.Td>
              <Table.Td>{i.row || '—'}</Table.Td>
              <Table.Td>{i.column || '—'}</Table.Td>
              <Table.Td>{i.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
  return (
    <>
      {errors.length > 0 && (
        <Alert color="red" role="alert" title={t('instruments.importFailed', { count: errors.length })} mb="md">
          {table(errors)}
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert color="yellow" title={t('instruments.importWarnings', { count: warnings.length })} mb="md">
          {table(warnings)}
        </Alert>
      )}
    </>
  );
}
