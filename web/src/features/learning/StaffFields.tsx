import { NumberInput, Select, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { WG_DOMAINS, type Staff, type WgAnswers } from '../../../../common/schemas/learning';

// The staff register's fields, shared by registering oneself (/learning) and keeping the register
// (/learning/staff): name, sex, year of birth, position, contacts and the optional Washington Group
// short set (self-declared; shown only to the person, their CSO's managers and programme staff).

export type StaffValues = Record<string, string | number>;

/** The form's values for a person (empty for a new one). */
export function staffValues(person?: Staff): StaffValues {
  return {
    givenName: person?.givenName ?? '',
    surname: person?.surname ?? '',
    sex: person?.sex ?? '',
    birthYear: person?.birthYear ?? '',
    position: person?.position ?? '',
    email: person?.email ?? '',
    phone: person?.phone ?? '',
    userId: person?.userId ?? '',
    ...Object.fromEntries(WG_DOMAINS.map((d) => [`wg_${d}`, person?.wg?.[d] ? String(person.wg[d]) : ''])),
  };
}

/** The form's values as the API takes them (contacts only when the form shows them). */
export function staffBody(v: StaffValues, contacts: boolean) {
  const wg = Object.fromEntries(WG_DOMAINS.filter((d) => v[`wg_${d}`]).map((d) => [d, Number(v[`wg_${d}`])])) as WgAnswers;
  return {
    givenName: String(v.givenName),
    surname: String(v.surname),
    sex: v.sex as 'female' | 'male',
    birthYear: v.birthYear === '' ? null : Number(v.birthYear),
    position: String(v.position),
    // The register's keepers (the form with contacts) also link the entry to a login, or unlink it.
    ...(contacts ? { email: String(v.email), phone: String(v.phone), userId: v.userId ? String(v.userId) : null } : {}),
    wg: Object.keys(wg).length ? wg : null,
  };
}

export function StaffFields({ form, contacts }: { form: UseFormReturnType<StaffValues>; contacts: boolean }) {
  const { t } = useTranslation();
  const levels = [1, 2, 3, 4].map((n) => ({ value: String(n), label: t(`learning.wg.levels.${n}`) }));
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('learning.staff.givenName')} required {...form.getInputProps('givenName')} />
        <TextInput label={t('learning.staff.surname')} required {...form.getInputProps('surname')} />
        <Select label={t('learning.staff.sex')} required data={[{ value: 'female', label: t('cases.sex.female') }, { value: 'male', label: t('cases.sex.male') }]} {...form.getInputProps('sex')} />
        <NumberInput label={t('learning.staff.birthYear')} min={1920} max={new Date().getFullYear() - 14} {...form.getInputProps('birthYear')} />
        <TextInput label={t('learning.staff.position')} {...form.getInputProps('position')} />
      </SimpleGrid>
      {contacts && (
        <>
          <Title order={3} size="h5" mt="md">{t('learning.staff.contacts')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('learning.staff.email')} type="email" {...form.getInputProps('email')} />
            <TextInput label={t('learning.staff.phone')} type="tel" {...form.getInputProps('phone')} />
          </SimpleGrid>
        </>
      )}
      <Title order={3} size="h5" mt="md">{t('learning.wg.title')}</Title>
      <Text size="sm" c="dimmed" mb="xs">{t('learning.wg.hint')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {WG_DOMAINS.map((d) => (
          <Select key={d} label={t(`learning.wg.domains.${d}`)} data={levels} clearable {...form.getInputProps(`wg_${d}`)} />
        ))}
      </SimpleGrid>
    </>
  );
}
