import { Button, Checkbox, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../../common/schemas/list';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/mutation';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { learningKeys, learningQueries } from './api';
import { useLocal } from './local';

const codeOf = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60);

function NewPackage({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useApiMutation({ mutationFn: (input: Record<string, unknown>) => api('POST', '/learning/packages', input), invalidates: [learningKeys.all] }, { successMessage: t('common.saved'), onSuccess: onDone });
  const form = useForm({ initialValues: { titleKa: '', titleEn: '', code: '', published: false } });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, create, (v) => ({ ...v, code: v.code || codeOf(v.titleEn) }));
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <Stack>
        <TextInput label={t('learning.author.titleKa')} lang="ka" required {...form.getInputProps('titleKa')} />
        <TextInput label={t('learning.author.titleEn')} lang="en" required {...form.getInputProps('titleEn')} />
        <TextInput label={t('learning.author.code')} description={t('learning.author.codeHint')} {...form.getInputProps('code')} />
        <Checkbox label={t('learning.author.publishNow')} {...form.getInputProps('published', { type: 'checkbox' })} />
        <Button type="submit" loading={pending}>{t('common.create')}</Button>
      </Stack>
    </form>
  );
}

function NewModule({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const local = useLocal();
  const packages = useQuery(learningQueries.packages());
  const tests = useQuery({ queryKey: ['learning', 'tests'], queryFn: () => api<Page<{ id: string; titleKa: string; titleEn: string }>>('GET', '/instruments?purpose=test&pageSize=200') });
  const create = useApiMutation({ mutationFn: (input: Record<string, unknown>) => api('POST', '/learning/modules', input), invalidates: [learningKeys.all] }, { successMessage: t('common.saved'), onSuccess: onDone });
  const form = useForm({ initialValues: { packageId: '', titleKa: '', titleEn: '', code: '', hours: 2 as number | '', testInstrumentId: '', passMark: 0 as number | '' } });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, create, (v) => ({
    ...v,
    code: v.code || codeOf(v.titleEn),
    hours: v.hours === '' ? 1 : v.hours,
    testInstrumentId: v.testInstrumentId || null,
    passMark: v.passMark === '' ? 0 : v.passMark,
  }));
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <Stack>
        <Select label={t('learning.author.package')} required data={(packages.data ?? []).map((p) => ({ value: p.id, label: local(p.titleKa, p.titleEn) }))} {...form.getInputProps('packageId')} />
        <TextInput label={t('learning.author.titleKa')} lang="ka" required {...form.getInputProps('titleKa')} />
        <TextInput label={t('learning.author.titleEn')} lang="en" required {...form.getInputProps('titleEn')} />
        <TextInput label={t('learning.author.code')} description={t('learning.author.codeHint')} {...form.getInputProps('code')} />
        <NumberInput label={t('learning.author.hours')} min={0.5} max={500} step={0.5} {...form.getInputProps('hours')} />
        <Select label={t('learning.author.test')} clearable data={(tests.data?.items ?? []).map((i) => ({ value: i.id, label: local(i.titleKa, i.titleEn) }))} {...form.getInputProps('testInstrumentId')} />
        <NumberInput label={t('learning.author.passMark')} min={0} {...form.getInputProps('passMark')} />
        <Button type="submit" loading={pending}>{t('common.create')}</Button>
      </Stack>
    </form>
  );
}

/** Authors: new competence packages and modules (lessons are added on the module's page). */
export function CatalogueEditor() {
  const { t } = useTranslation();
  const [packageOpen, packageModal] = useDisclosure(false);
  const [moduleOpen, moduleModal] = useDisclosure(false);
  return (
    <Group gap="xs">
      <Button size="xs" variant="light" onClick={packageModal.open}>{t('learning.author.newPackage')}</Button>
      <Button size="xs" variant="light" onClick={moduleModal.open}>{t('learning.author.newModule')}</Button>
      <Modal opened={packageOpen} onClose={packageModal.close} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('learning.author.newPackage')}>
        <NewPackage onDone={packageModal.close} />
      </Modal>
      <Modal opened={moduleOpen} onClose={moduleModal.close} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('learning.author.newModule')}>
        <NewModule onDone={moduleModal.close} />
      </Modal>
    </Group>
  );
}
