import { Stack, Switch, Text } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useMe } from '../../api/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { askPersistence, db } from './store';
import { keepInstrument } from './sync';

/** "Use offline" on an instrument: keeps its published version and the organisations to fill it for on this device. */
export function OfflineToggle({ instrumentId }: { instrumentId: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const kept = useLiveQuery(() => db.instruments.get(instrumentId), [instrumentId]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!me) return null;
  const mine = kept && kept.userId === me.user.id ? kept : undefined;
  const toggle = async (on: boolean) => {
    setBusy(true);
    setError(null);
    try {
      if (on) {
        await keepInstrument(instrumentId, me.user.id);
        await askPersistence();
      } else await db.instruments.delete(instrumentId);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={4} mt="sm">
      <Switch checked={!!mine} disabled={busy} onChange={(e) => void toggle(e.currentTarget.checked)} label={t('offline.useOffline')} description={t('offline.useOfflineHint')} />
      {mine && <Text size="sm">{t('offline.kept', { number: mine.pack.version.number })}</Text>}
      <ProblemAlert error={error} />
    </Stack>
  );
}

/**
 * "Use offline" on an organisation: forms filled in offline are then offered for the kept
 * organisations only (all those the user may fill in for while none is kept). Names only.
 */
export function OrganisationOfflineToggle({ organisation }: { organisation: { id: string; nameKa: string; nameEn: string } }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const kept = useLiveQuery(() => db.organisations.get(organisation.id), [organisation.id]);
  if (!me) return null;
  const mine = !!kept && kept.userId === me.user.id;
  const toggle = async (on: boolean) => {
    if (on) {
      await db.organisations.put({ id: organisation.id, userId: me.user.id, nameKa: organisation.nameKa, nameEn: organisation.nameEn });
      await askPersistence();
    } else await db.organisations.delete(organisation.id);
  };
  return <Switch checked={mine} onChange={(e) => void toggle(e.currentTarget.checked)} label={t('offline.useOffline')} description={t('offline.organisationHint')} />;
}
