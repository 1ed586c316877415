import type { z } from 'zod';
import type { aggregateQuery } from './schemas/cases';

export type FigureDimension = z.infer<typeof aggregateQuery>['by'];

/**
 * How a group of the people-served figures is named, on the page and in its file alike. `t` is
 * i18next's or the server's `translate`: both return the key itself for one the catalogue lacks
 * (a target group a CSO typed, kept as typed). `placeName` names a municipality by its id.
 */
export function figureGroupLabel(
  by: FigureDimension,
  group: string | null,
  t: (key: string, params?: Record<string, unknown>) => string,
  placeName: (id: string) => string | undefined,
): string {
  if (group === null || group === '') return t('cases.aggregates.unknown');
  switch (by) {
    case 'sex':
      return t(`cases.sex.${group}`);
    case 'serviceType':
      return t(`cases.serviceType.${group}`);
    case 'disability':
      return t(group === 'true' ? 'cases.aggregates.yes' : 'cases.aggregates.no');
    case 'targetGroup': {
      const key = `cases.targetGroups.${group}`;
      const label = t(key);
      return label === key ? group : label;
    }
    case 'ageBand':
      return t('cases.aggregates.ageBand', { band: group.replace('-', '–') });
    case 'municipality':
      return placeName(group) ?? group;
  }
}
