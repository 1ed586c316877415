import { ActionIcon, Button, Group, Menu, Select, Stack, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Choice } from '../../../../common/instruments/definition';

const choice = (name: string, ka: string, en: string, score?: number): Choice => ({ name, label: { ka, en }, ...(score === undefined ? {} : { score }) });

/** Ready-made lists in both languages; scores follow the scale so scored sections work at once. */
export const CHOICE_TEMPLATES: Record<'yes_no' | 'agreement' | 'frequency', Choice[]> = {
  yes_no: [choice('yes', 'კი', 'Yes', 1), choice('no', 'არა', 'No', 0)],
  agreement: [
    choice('strongly_disagree', 'სრულიად არ ვეთანხმები', 'Strongly disagree', 1),
    choice('disagree', 'არ ვეთანხმები', 'Disagree', 2),
    choice('neutral', 'არც ვეთანხმები, არც არ ვეთანხმები', 'Neither agree nor disagree', 3),
    choice('agree', 'ვეთანხმები', 'Agree', 4),
    choice('strongly_agree', 'სრულიად ვეთანხმები', 'Strongly agree', 5),
  ],
  frequency: [
    choice('never', 'არასდროს', 'Never', 1),
    choice('rarely', 'იშვიათად', 'Rarely', 2),
    choice('sometimes', 'ზოგჯერ', 'Sometimes', 3),
    choice('often', 'ხშირად', 'Often', 4),
    choice('always', 'ყოველთვის', 'Always', 5),
  ],
};

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
        <Menu>
          <Menu.Target>
            <Button variant="light">{t('instruments.templates.label')}</Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(Object.keys(CHOICE_TEMPLATES) as (keyof typeof CHOICE_TEMPLATES)[]).map((key) => (
              <Menu.Item key={key} onClick={() => {
                let name: string = key;
                for (let n = 2; names.includes(name); n++) name = `${key}_${n}`;
                onChange({ ...lists, [name]: CHOICE_TEMPLATES[key].map((c) => ({ ...c, label: { ...c.label } })) });
                setCurrent(name);
              }}>
                {t(`instruments.templates.${key}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
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
