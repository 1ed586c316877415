import { Button, Group, Text, TextInput, Textarea } from '@mantine/core';
import { useId, useState } from 'react';
import { QuestionFieldset, whenLeaving } from './QuestionFieldset';
import { useTranslation } from 'react-i18next';
import { areaOf, distanceOf, isValidPoint, parseGeo, toGeoJson, type GeoPoint, type GeoType } from '../../../../common/instruments/geo';

interface Props {
  type: GeoType;
  fieldKey: string;
  text: string;
  label: string;
  hint?: string;
  error?: string;
  required: boolean;
  readOnly?: boolean;
  onChange: (value: string) => void;
  onBlur: () => void;
}

const lineOf = (p: GeoPoint) => `${p.lat} ${p.lon}`;

/** "41.7 44.8" lines → points; null when a line is not a valid position. */
function pointsOf(text: string): GeoPoint[] | null {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const points = lines.map((line) => {
    const [lat, lon, alt, accuracy] = line.split(/[\s,;]+/).map(Number);
    const p: GeoPoint = { lat: lat ?? NaN, lon: lon ?? NaN, ...(alt !== undefined ? { alt } : {}), ...(accuracy !== undefined ? { accuracy } : {}) };
    return isValidPoint(p) ? p : null;
  });
  return points.every((p): p is GeoPoint => p !== null) ? points : null;
}

/**
 * A location typed as latitude/longitude, or taken from the device (with its accuracy). Lines and
 * shapes are typed one point per line, or built from the device point by point. Stored as GeoJSON;
 * anything not yet a valid location is kept as typed, so the form shows what to fix.
 */
export function GeoField({ type, fieldKey, text, label, hint, error, required, readOnly, onChange, onBlur }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const parsed = parseGeo(text);
  const [draft, setDraft] = useState(() => (parsed ? parsed.points.map(lineOf).join('\n') : text));
  const [status, setStatus] = useState('');
  const points = parsed?.points ?? [];

  const commit = (nextDraft: string, devicePoints?: GeoPoint[]) => {
    setDraft(nextDraft);
    const found = devicePoints ?? pointsOf(nextDraft);
    if (nextDraft.trim() === '') onChange('');
    else if (found && found.length >= (type === 'geopoint' ? 1 : type === 'geotrace' ? 2 : 3)) onChange(toGeoJson(type, found));
    else onChange(nextDraft.trim());
  };

  const locate = () => {
    if (!navigator.geolocation) {
      setStatus(t('instruments.geo.unavailable', { reason: t('instruments.geo.noDevice') }));
      return;
    }
    setStatus(t('instruments.geo.locating'));
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        const here: GeoPoint = { lat: coords.latitude, lon: coords.longitude, ...(coords.altitude !== null ? { alt: coords.altitude } : {}), accuracy: Math.round(coords.accuracy) };
        setStatus(t('instruments.geo.located', { accuracy: here.accuracy }));
        if (type === 'geopoint') commit(lineOf(here), [here]);
        else {
          const current = pointsOf(draft) ?? [];
          const next = [...current, here];
          commit(next.map(lineOf).join('\n'), next.length >= (type === 'geotrace' ? 2 : 3) ? next : undefined);
        }
      },
      (failure) => setStatus(t('instruments.geo.unavailable', { reason: failure.message })),
      { enableHighAccuracy: true, timeout: 30_000 },
    );
  };

  const [latText = '', lonText = ''] = draft.split(/[\s,;]+/);
  // Checked when the focus leaves the location, not on the way from the latitude to the longitude.
  const leave = whenLeaving(onBlur);
  return (
    <QuestionFieldset fieldKey={fieldKey} id={id} label={label} required={required} hint={hint} error={error} describedBy={[`${id}-status`]}>
      {type === 'geopoint' ? (
        <Group grow align="flex-start">
          <TextInput label={t('instruments.geo.latitude')} inputMode="decimal" readOnly={readOnly} value={latText} onBlur={leave} onChange={(e) => commit(`${e.currentTarget.value} ${lonText}`.trim() === '' ? '' : `${e.currentTarget.value.trim()} ${lonText}`)} />
          <TextInput label={t('instruments.geo.longitude')} inputMode="decimal" readOnly={readOnly} value={lonText} onBlur={leave} onChange={(e) => commit(`${latText} ${e.currentTarget.value}`.trim() === '' ? '' : `${latText} ${e.currentTarget.value.trim()}`)} />
        </Group>
      ) : (
        <Textarea label={t('instruments.geo.points')} autosize minRows={3} readOnly={readOnly} value={draft} onBlur={leave} onChange={(e) => commit(e.currentTarget.value)} />
      )}
      {!readOnly && (
        <Button mt="xs" size="compact-sm" variant="light" onClick={locate} onBlur={leave}>
          {type === 'geopoint' ? t('instruments.geo.useLocation') : t('instruments.geo.addPoint')}
        </Button>
      )}
      <Text size="sm" id={`${id}-status`} aria-live="polite" mt={4}>
        {status}
        {type === 'geotrace' && points.length > 1 && ` ${t('instruments.geo.length', { value: Math.round(distanceOf(points)) })}`}
        {type === 'geoshape' && points.length > 3 && ` ${t('instruments.geo.area', { value: Math.round(areaOf(points)) })}`}
      </Text>
    </QuestionFieldset>
  );
}
