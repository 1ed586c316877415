import { ActionIcon, Button, Group, Select, Stack, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Choice } from '../../../../common/instruments/definition';

interface Props {
  lists: Record<string, Choice[]>;
  onChange: (lists: Record<string, Choice[]>) => void;
}

/** Choice lists of a draft: names, labels in both languages and scores (`na` = not applicable). */
export function ChoiceListsEditor({ lists, onChange }: Props) {
  const { t } = useTranslation();
  const names = Object.keys(lists);
  const [current, setCurrent] = useState<string | null>(names[0] ?? null);
  const [newName, setNewName] = useState('');
  const choices = current ? (lists[current] ?? []) : [];
  const update = (index: number, patch: Partial<Choice>) =>
    current && onChange({ ...lists, [current]: choices.map((c, i) => (i === index ? { ...c, ...patch } : c)) });
  const scoreText = (c: Choice) => (c.score === null ? 'na' : c.score === undefined ? '' : String(c.score));
  const parseScore = (text: string): number | null | undefined => (text.trim() === '' ? undefined : /^n\/?a$/i.test(text.trim()) ? null : Number.isNaN(Number(text)) ? undefined : Number(text));

  return (
    <Stack>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <Select label={t('instruments.designer.list')} value={current} onChange={setCurrent} data={names} w={{ base: '100%', xs: 220 }} />
        <TextInput label={t('instruments.designer.newList')} value={newName} onChange={(e) => setNewName(e.currentTarget.value.trim())} w={{ base: '100%', xs: 200 }} />
        <Button variant="default" disabled={!newName || names.includes(newName)} onClick={() => { onChange({ ...lists, [newName]: [] }); setCurrent(newName); setNewName(''); }}>{t('instruments.designer.addList')}</Button>
      </Group>
      {current && (
        <>
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('instruments.designer.name')}</Table.Th>
                  <Table.Th scope="col">{t('languages.ka')}</Table.Th>
                  <Table.Th scope="col">{t('languages.en')}</Table.Th>
                  <Table.Th scope="col">{t('instruments.score')}</Table.Th>
                  <Table.Th scope="col">{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {choices.map((c, i) => (
                  <Table.Tr key={i}>
                    <Table.Td><TextInput aria-label={`${t('instruments.designer.name')} ${i + 1}`} value={c.name} onChange={(e) => update(i, { name: e.currentTarget.value })} /></Table.Td>
                    <Table.Td><TextInput aria-label={`${t('languages.ka')} ${i + 1}`} lang="ka" value={c.label.ka ?? ''} onChange={(e) => update(i, { label: { ...c.label, ka: e.currentTarget.value } })} /></Table.Td>
                    <Table.Td><TextInput aria-label={`${t('languages.en')} ${i + 1}`} lang="en" value={c.label.en ?? ''} onChange={(e) => update(i, { label: { ...c.label, en: e.currentTarget.value } })} /></Table.Td>
                    <Table.Td><TextInput aria-label={`${t('instruments.score')} ${i + 1}`} w={80} defaultValue={scoreText(c)} onBlur={(e) => update(i, { score: parseScore(e.currentTarget.value) })} /></Table.Td>
                    <Table.Td>
                      <ActionIcon variant="default" aria-label={`${t('instruments.designer.remove')} ${c.name}`} onClick={() => onChange({ ...lists, [current]: choices.filter((_, n) => n !== i) })}>×</ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Button variant="default" w="fit-content" onClick={() => onChange({ ...lists, [current]: [...choices, { name: `option_${choices.length + 1}`, label: {} }] })}>{t('instruments.designer.addChoice')}</Button>
        </>
      )}
    </Stack>
  );
}
