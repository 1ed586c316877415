import { Anchor, Button, FileInput, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFileSize } from '../../../../common/numbers';
import { DOCUMENT_KINDS } from '../../../../common/schemas/capacity';
import { can, useMe } from '../../api/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { documentQueries, useDeleteDocument, useUploadDocument } from './api';

/** A CSO's key documents: download for its readers; upload and delete for those who edit the organisation. */
export function DocumentsPanel({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const documents = useQuery(documentQueries.list(organisationId));
  const [kind, setKind] = useState<string | null>('statute');
  const [file, setFile] = useState<File | null>(null);
  const upload = useUploadDocument(organisationId, { successMessage: t('capacity.documents.uploaded'), onSuccess: () => setFile(null) });
  const remove = useDeleteDocument({ successMessage: t('capacity.documents.deleted') });
  const editor = can(me, 'organisations.update');
  const confirmDelete = (id: string, name: string) =>
    modals.openConfirmModal({
      title: t('capacity.documents.delete'),
      children: <Text size="sm">{t('capacity.documents.confirmDelete', { name })}</Text>,
      labels: { confirm: t('capacity.documents.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(id),
    });
  return (
    <Stack component="section" aria-labelledby="documents-title">
      <Title order={2} size="h3" id="documents-title">{t('capacity.documents.title')}</Title>
      {/* Reading the list again is no retry of a failed delete. */}
      <ProblemAlert error={documents.error ?? remove.error} onRetry={documents.error ? () => void documents.refetch() : undefined} />
      {documents.data?.length === 0 && <Text c="dimmed">{t('capacity.documents.none')}</Text>}
      {documents.data && documents.data.length > 0 && (
        <Table>
          <Table.Tbody>
            {documents.data.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{t(`capacity.documents.kinds.${d.kind}`)}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Anchor href={`/api/v1/capacity/documents/${d.id}`} target="_blank" rel="noopener">{d.filename}</Anchor> <Text span size="xs" c="dimmed">({formatFileSize(d.size, i18n.language)})</Text>
                </Table.Td>
                {editor && (
                  <Table.Td ta="right">
                    <Button size="xs" variant="subtle" color="red" onClick={() => confirmDelete(d.id, d.filename)} aria-label={`${t('capacity.documents.delete')}: ${d.filename}`}>
                      {t('capacity.documents.delete')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editor && (
        <Paper withBorder p="sm">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (file && kind) upload.mutate({ kind, file });
            }}
          >
            <Group align="flex-end" wrap="wrap">
              <Select label={t('capacity.documents.kind')} data={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`capacity.documents.kinds.${k}`) }))} value={kind} onChange={setKind} allowDeselect={false} />
              <FileInput label={t('capacity.documents.file')} value={file} onChange={setFile} accept=".pdf,.docx,.xlsx,.odt,.jpg,.jpeg,.png" clearable style={{ flex: 1, minWidth: 200 }} />
              <Button type="submit" loading={upload.isPending} disabled={!file}>{t('capacity.documents.upload')}</Button>
            </Group>
          </form>
          <ProblemAlert error={upload.error} />
        </Paper>
      )}
    </Stack>
  );
}
