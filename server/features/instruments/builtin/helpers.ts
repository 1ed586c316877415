import type { Choice, Definition, Group, LocalText, Question } from '../../../../common/instruments/definition';

/** Small builders so the built-in instruments read like the documents they come from. */
export const tx = (ka: string, en: string): LocalText => ({ ka, en });

export const choice = (name: string, ka: string, en: string, score?: number | null): Choice => ({
  name,
  label: tx(ka, en),
  ...(score !== undefined ? { score } : {}),
});

export const selectOne = (name: string, listName: string, label: LocalText, extra: Partial<Question> = {}): Question => ({
  kind: 'question',
  type: 'select_one',
  name,
  listName,
  label,
  ...extra,
});

export const text = (name: string, label: LocalText, extra: Partial<Question> = {}): Question => ({ kind: 'question', type: 'text', name, label, ...extra });
/** A file upload (a document, a scan, a photo), checked by its bytes when it is stored. */
export const file = (name: string, label: LocalText, extra: Partial<Question> = {}): Question => ({ kind: 'question', type: 'file', name, label, ...extra });

export const group = (name: string, label: LocalText, items: (Question | Group)[], extra: Partial<Group> = {}): Group => ({
  kind: 'group',
  name,
  label,
  items,
  ...extra,
});

export interface BuiltIn {
  code: string;
  purpose: 'organisational_assessment' | 'quality_checklist' | 'screening' | 'needs_assessment' | 'test' | 'survey';
  title: LocalText;
  description: LocalText;
  definition: Definition;
}
