import { Alert, Anchor, Button, Checkbox, Fieldset, Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ageOn, screeningFor, type ScreeningCode } from '../../../../common/schemas/cases';
import { ApiError } from '../../api/client';
import { useLocalName } from '../../api/lookups';
import { useMe } from '../../api/session';
import { DateField } from '../../components/DateField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useInstrumentVersion } from '../instruments/api';
import { FormRenderer, type Answers } from '../instruments/FormRenderer';
import { useMunicipalities } from '../places/api';
import { caseQueries, checkDuplicates, useRegisterPerson, type DuplicateCheck, type PersonForm } from './api';
import { RepresentativeSelect, useBirthText, usePersonOptions } from './PersonFields';
import { localToday } from '../../components/dates';

const blank = {
  givenName: '',
  surname: '',
  sex: 'female',
  birth: 'date' as 'date' | 'age',
  birthDate: '',
  estimatedAge: '' as number | string,
  municipalityId: null as string | null,
  processing: false,
  referralSharing: false,
  photos: false,
  givenBy: 'representative',
  representativeName: '',
  formReference: '',
  personalNumber: '',
  phone: '',
  address: '',
  language: 'ka',
  accessibilityNeeds: '',
  targetGroup: null as string | null,
  representative: 'none' as 'none' | 'existing' | 'new',
  representativeId: null as string | null,
  newRepresentative: { givenName: '', surname: '', sex: 'female', estimatedAge: '' as number | string, phone: '' },
  screen: false,
};
type Values = typeof blank;

const age = (v: Values) => (v.birth === 'date' ? ageOn(v.birthDate || null, null) : typeof v.estimatedAge === 'number' ? v.estimatedAge : null);

/** What the form sends: nothing beyond the registration minimum without consent to processing. */
function toInput(v: Values, organisationId: string, screening: { code: ScreeningCode; answers: Answers } | null): PersonForm {
  const minimum = {
    organisationId,
    givenName: v.givenName,
    surname: v.surname,
    sex: v.sex as 'female' | 'male',
    birthDate: v.birth === 'date' ? v.birthDate || null : null,
    estimatedAge: v.birth === 'age' && typeof v.estimatedAge === 'number' ? v.estimatedAge : null,
    municipalityId: v.municipalityId,
  };
  if (!v.processing) return { ...minimum, consent: null };
  const representative = v.newRepresentative;
  return {
    ...minimum,
    personalNumber: v.personalNumber.trim() || null,
    phone: v.phone,
    address: v.address,
    language: v.language as PersonForm['language'],
    accessibilityNeeds: v.accessibilityNeeds,
    targetGroup: (v.targetGroup ?? '') as PersonForm['targetGroup'],
    representativeId: v.representative === 'existing' ? v.representativeId : null,
    newRepresentative:
      v.representative === 'new'
        ? { givenName: representative.givenName, surname: representative.surname, sex: representative.sex as 'female' | 'male', estimatedAge: typeof representative.estimatedAge === 'number' ? representative.estimatedAge : null, phone: representative.phone }
        : null,
    screening: screening ? { instrumentCode: screening.code, answers: screening.answers } : null,
    consent: {
      givenBy: v.givenBy as 'person' | 'representative',
      representativeName: v.representativeName,
      givenOn: localToday(),
      processing: true,
      referralSharing: v.referralSharing,
      photos: v.photos,
      formReference: v.formReference,
    },
  };
}

/** The disability screening that fits the age, filled in with the instrument engine's own form. */
function Screening({ code, answers, onChange, errors }: { code: ScreeningCode; answers: Answers; onChange: (a: Answers) => void; errors: Record<string, string> }) {
  const { i18n } = useTranslation();
  const instruments = useQuery(caseQueries.instruments());
  const instrument = instruments.data?.find((i) => i.code === code);
  const published = instrument?.versions.find((v) => v.status === 'published')?.number;
  const version = useInstrumentVersion(instrument?.id ?? '', published);
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  if (!version.data) return <ProblemAlert error={instruments.error ?? version.error} />;
  return (
    <>
      <Text fw={600}>{lang === 'en' ? instrument?.titleEn : instrument?.titleKa}</Text>
      <FormRenderer definition={version.data.definition} answers={answers} onChange={onChange} lang={lang} serverErrors={errors} />
    </>
  );
}

/**
 * Registration, after a search: the minimum (names, sex, birth date or estimated age,
 * municipality) always; with consent to processing also contacts, language, needs, target group,
 * the legal representative (registered already, or here) and the disability screening by age.
 * Close matches are shown once before saving.
 */
export function RegisterPerson() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const localName = useLocalName();
  const birthText = useBirthText();
  const municipalities = useMunicipalities();
  const { languages, targetGroups } = usePersonOptions();
  const [check, setCheck] = useState<DuplicateCheck | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const form = useForm({
    initialValues: blank,
    validate: { givenName: (v) => (v.trim() ? null : t('validation.required')), surname: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const v = form.getValues();
  const code = screeningFor(age(v));
  const register = useRegisterPerson({ successMessage: t('common.saved'), onSuccess: (person) => navigate({ to: '/people/$id', params: { id: person.id } }) });
  const organisationId = me?.user.organisation.id ?? '';
  const bound = useApiForm(form, register, (values) => toInput(values, organisationId, values.screen && code ? { code, answers } : null));
  const screeningErrors =
    register.error instanceof ApiError
      ? Object.fromEntries(Object.entries(register.error.fieldErrors()).flatMap(([field, message]) => (field.startsWith('screening.answers.') ? [[field.slice('screening.answers.'.length), message]] : [])))
      : {};
  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (form.validate().hasErrors) return;
    // Before saving, show close matches once; a second press registers.
    if (!check) {
      setCheck(await checkDuplicates({ organisationId, givenName: v.givenName, surname: v.surname, birthDate: v.birth === 'date' ? v.birthDate || null : null, personalNumber: /^\d{11}$/.test(v.personalNumber) ? v.personalNumber : null }));
      return;
    }
    bound.onSubmit();
  };
  const sexes = [{ value: 'female', label: t('cases.sex.female') }, { value: 'male', label: t('cases.sex.male') }];
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="register-title">
      <Stack>
        <Title order={2} size="h3" id="register-title">{t('cases.people.register')}</Title>
        {/* Besides the form's own fields: a representative's birth date is said under the age, the screening's answers in the screening. */}
        <ProblemAlert error={bound.error} shownFields={(field) => bound.shownFields(field) || field === 'newRepresentative.birthDate' || field.startsWith('screening.answers.')} />
        <TextInput label={t('cases.fields.givenName')} required lang="ka" {...form.getInputProps('givenName')} />
        <TextInput label={t('cases.fields.surname')} required lang="ka" {...form.getInputProps('surname')} />
        <Select label={t('cases.fields.sex')} allowDeselect={false} data={sexes} {...form.getInputProps('sex')} />
        <SegmentedControl
          aria-label={t('cases.fields.birthDate')}
          data={[{ value: 'date', label: t('cases.people.birthKnown') }, { value: 'age', label: t('cases.people.ageEstimated') }]}
          {...form.getInputProps('birth')}
          styles={{ root: { flexWrap: 'wrap' }, label: { whiteSpace: 'normal' } }}
        />
        {v.birth === 'date' ? (
          <DateField label={t('cases.fields.birthDate')} required value={v.birthDate} onChange={(d) => form.setFieldValue('birthDate', d)} error={form.errors['birthDate']} />
        ) : (
          <NumberInput label={t('cases.fields.estimatedAge')} required min={0} max={120} allowDecimal={false} {...form.getInputProps('estimatedAge')} />
        )}
        <Select
          label={t('cases.fields.municipality')}
          searchable
          clearable
          data={(municipalities.data ?? []).map((m) => ({ value: m.id, label: localName(m) }))}
          {...form.getInputProps('municipalityId')}
        />
        <Checkbox label={t('cases.consent.processing')} {...form.getInputProps('processing', { type: 'checkbox' })} />
        {v.processing && (
          <>
            <Fieldset legend={t('cases.consent.title')}>
              <Stack gap="xs">
                <Checkbox label={t('cases.consent.referralSharing')} {...form.getInputProps('referralSharing', { type: 'checkbox' })} />
                <Checkbox label={t('cases.consent.photos')} {...form.getInputProps('photos', { type: 'checkbox' })} />
                <Select label={t('cases.consent.givenBy')} allowDeselect={false} data={[{ value: 'person', label: t('cases.consent.person') }, { value: 'representative', label: t('cases.consent.representative') }]} {...form.getInputProps('givenBy')} />
                {v.givenBy === 'representative' && v.representative !== 'new' && <TextInput label={t('cases.consent.representative')} {...form.getInputProps('representativeName')} />}
                <TextInput label={t('cases.personPage.formReference')} {...form.getInputProps('formReference')} />
              </Stack>
            </Fieldset>
            <TextInput label={t('cases.fields.personalNumber')} inputMode="numeric" {...form.getInputProps('personalNumber')} />
            <TextInput label={t('cases.fields.phone')} type="tel" {...form.getInputProps('phone')} />
            <TextInput label={t('cases.fields.address')} {...form.getInputProps('address')} />
            <Select label={t('cases.fields.language')} allowDeselect={false} data={languages} {...form.getInputProps('language')} />
            <TextInput label={t('cases.fields.accessibilityNeeds')} {...form.getInputProps('accessibilityNeeds')} />
            <Select label={t('cases.fields.targetGroup')} clearable data={targetGroups} {...form.getInputProps('targetGroup')} />
            <Fieldset legend={t('cases.people.representativeTitle')}>
              <Stack gap="xs">
                <SegmentedControl
                  aria-label={t('cases.people.representativeTitle')}
                  data={[
                    { value: 'none', label: t('cases.people.representativeNone') },
                    { value: 'existing', label: t('cases.people.representativeExisting') },
                    { value: 'new', label: t('cases.people.representativeNew') },
                  ]}
                  {...form.getInputProps('representative')}
                  styles={{ root: { flexWrap: 'wrap' }, label: { whiteSpace: 'normal' } }}
                />
                {v.representative === 'existing' && (
                  <RepresentativeSelect value={v.representativeId} onChange={(id) => form.setFieldValue('representativeId', id)} error={form.errors['representativeId']} />
                )}
                {v.representative === 'new' && (
                  <>
                    <TextInput label={t('cases.fields.givenName')} required lang="ka" {...form.getInputProps('newRepresentative.givenName')} />
                    <TextInput label={t('cases.fields.surname')} required lang="ka" {...form.getInputProps('newRepresentative.surname')} />
                    <Select label={t('cases.fields.sex')} allowDeselect={false} data={sexes} {...form.getInputProps('newRepresentative.sex')} />
                    <NumberInput label={t('cases.fields.estimatedAge')} required min={14} max={120} allowDecimal={false} {...form.getInputProps('newRepresentative.estimatedAge')} error={form.errors['newRepresentative.estimatedAge'] ?? form.errors['newRepresentative.birthDate']} />
                    <TextInput label={t('cases.fields.phone')} type="tel" {...form.getInputProps('newRepresentative.phone')} />
                  </>
                )}
              </Stack>
            </Fieldset>
            <Fieldset legend={t('cases.people.screeningTitle')}>
              <Stack gap="xs">
                <Text size="sm" c="dimmed">{t('cases.people.screeningExplain')}</Text>
                <Checkbox label={t('cases.people.screeningDo')} {...form.getInputProps('screen', { type: 'checkbox' })} />
                {v.screen && age(v) === null && <Text size="sm">{t('cases.people.screeningNoAge')}</Text>}
                {v.screen && age(v) !== null && !code && <Text size="sm">{t('cases.people.screeningTooYoung')}</Text>}
                {v.screen && code && <Screening code={code} answers={answers} onChange={setAnswers} errors={screeningErrors} />}
              </Stack>
            </Fieldset>
          </>
        )}
        {check && (check.matches.length > 0 || check.elsewhere) && (
          <Alert color="yellow" title={t('cases.people.matches')}>
            {check.matches.map((m) => (
              <Anchor key={m.id} renderRoot={(props) => <Link to="/people/$id" params={{ id: m.id }} {...props} />} display="block">{`${m.givenName ?? ''} ${m.surname ?? ''} ${birthText(m)}`}</Anchor>
            ))}
            {check.elsewhere && <Text>{t('cases.people.elsewhere')}</Text>}
          </Alert>
        )}
        {check && check.matches.length === 0 && !check.elsewhere && <Text role="status">{t('cases.people.noMatches')}</Text>}
        <Group>
          <Button type="submit" loading={bound.pending}>{check ? t('cases.people.save') : t('cases.people.check')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
