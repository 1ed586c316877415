import { NumberInput, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QUESTION_TYPES, SCORE_METHODS, SELECT_TYPES, type Definition, type Item, type LocalText, type Question } from '../../../../common/instruments/definition';
import { ConditionBuilder } from './ConditionBuilder';

interface Props {
  item: Item;
  /** The whole draft: the condition builder offers its questions and choices. */
  definition: Definition;
  onChange: (item: Item) => void;
}

/** Edits one question or section of a draft: texts in both languages, logic and scoring. */
export function ItemEditor({ item, definition, onChange }: Props) {
  const listNames = Object.keys(definition.choiceLists);
  const { t } = useTranslation();
  const set = (patch: Partial<Item>) => onChange({ ...item, ...patch } as Item);
  const setText = (field: 'label' | 'hint' | 'constraintMessage', lang: 'ka' | 'en', value: string) => {
    const current = ((item as Question)[field] ?? {}) as LocalText;
    set({ [field]: { ...current, [lang]: value } } as Partial<Item>);
  };
  const bilingual = (field: 'label' | 'hint' | 'constraintMessage', label: string) => (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput label={`${t(label)} (${t('languages.ka')})`} lang="ka" value={((item as Question)[field] as LocalText | undefined)?.ka ?? ''} onChange={(e) => setText(field, 'ka', e.currentTarget.value)} />
      <TextInput label={`${t(label)} (${t('languages.en')})`} lang="en" value={((item as Question)[field] as LocalText | undefined)?.en ?? ''} onChange={(e) => setText(field, 'en', e.currentTarget.value)} />
    </SimpleGrid>
  );
  const expression = (field: 'relevant' | 'constraint' | 'calculation', label: string) => (
    <Stack gap={4}>
      <TextInput label={t(label)} description={t('instruments.designer.expressionHint')} ff="monospace" value={(item as Question)[field] ?? ''} onChange={(e) => set({ [field]: e.currentTarget.value || undefined } as Partial<Item>)} />
      {field !== 'calculation' && (
        <ConditionBuilder definition={definition} mode={field} self={item.kind === 'question' ? item : undefined} current={(item as Question)[field]} onChange={(value) => set({ [field]: value } as Partial<Item>)} />
      )}
    </Stack>
  );

  if (item.kind === 'group') {
    return (
      <Stack>
        <TextInput label={t('instruments.designer.name')} value={item.name} onChange={(e) => set({ name: e.currentTarget.value })} />
        {bilingual('label', 'instruments.designer.label')}
        {expression('relevant', 'instruments.designer.relevant')}
        <Switch label={t('instruments.designer.repeat')} checked={!!item.repeat} onChange={(e) => set({ repeat: e.currentTarget.checked || undefined, ...(e.currentTarget.checked ? {} : { repeatCount: undefined }) })} />
        {item.repeat && (
          <TextInput label={t('instruments.designer.repeatCount')} description={t('instruments.designer.expressionHint')} ff="monospace" value={item.repeatCount ?? ''} onChange={(e) => set({ repeatCount: e.currentTarget.value || undefined })} />
        )}
        <Select label={t('instruments.designer.scoreMethod')} clearable value={item.scoreMethod ?? null} onChange={(v) => set({ scoreMethod: (v ?? undefined) as typeof item.scoreMethod })} data={SCORE_METHODS.map((m) => ({ value: m, label: t(`instruments.methods.${m}`) }))} />
      </Stack>
    );
  }
  const isSelect = SELECT_TYPES.includes(item.type);
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('instruments.designer.name')} value={item.name} onChange={(e) => set({ name: e.currentTarget.value })} />
        <Select label={t('instruments.designer.type')} allowDeselect={false} value={item.type} onChange={(v) => v && set({ type: v as Question['type'] })} data={QUESTION_TYPES.map((type) => ({ value: type, label: t(`instruments.types.${type}`) }))} />
      </SimpleGrid>
      {bilingual('label', 'instruments.designer.label')}
      {bilingual('hint', 'instruments.designer.hint')}
      {isSelect && <Select label={t('instruments.designer.list')} value={item.listName ?? null} onChange={(v) => set({ listName: v ?? undefined })} data={listNames} />}
      {(item.type === 'select_one' || item.type === 'select_multiple') && (
        <Switch label={t('instruments.designer.orOther')} checked={!!item.orOther} onChange={(e) => set({ orOther: e.currentTarget.checked || undefined })} />
      )}
      <Switch label={t('instruments.designer.required')} checked={item.required === true} onChange={(e) => set({ required: e.currentTarget.checked || undefined })} />
      <TextInput label={t('instruments.designer.requiredWhen')} description={t('instruments.designer.expressionHint')} ff="monospace" disabled={item.required === true} value={typeof item.required === 'string' ? item.required : ''} onChange={(e) => set({ required: e.currentTarget.value || undefined })} />
      {expression('relevant', 'instruments.designer.relevant')}
      {item.type === 'calculate' ? expression('calculation', 'instruments.designer.calculation') : expression('constraint', 'instruments.designer.constraint')}
      {item.type !== 'calculate' && bilingual('constraintMessage', 'instruments.designer.constraintMessage')}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('instruments.designer.appearance')} value={item.appearance ?? ''} onChange={(e) => set({ appearance: e.currentTarget.value || undefined })} />
        <NumberInput label={t('instruments.designer.weight')} min={0} value={item.weight ?? ''} onChange={(v) => set({ weight: typeof v === 'number' ? v : undefined })} />
      </SimpleGrid>
      {(item.type === 'integer' || item.type === 'decimal') && <Switch label={t('instruments.designer.scored')} checked={!!item.scored} onChange={(e) => set({ scored: e.currentTarget.checked || undefined })} />}
    </Stack>
  );
}
