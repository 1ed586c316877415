import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { translate } from '../../../common/i18n/translate';
import { LEARNING_MIN_CELL, type Report, type reportQuery } from '../../../common/schemas/learning';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import { hideWhatTheTotalWouldTell } from '../../access/small-cells';
import { gainOf } from './trainings';

// "CSO staff trained" for the results framework: a person is trained by a completed self-paced
// module or by attending a live training; hours are the module's hours or the days attended.
// Counts cover the whole programme; cells made of rows the reader may not see one by one (the
// donor, other CSOs' data) are suppressed under LEARNING_MIN_CELL people.

const { learningEnrolments: enrolments, learningParticipants: participants, learningStaff: staff, organisations } = OWNED;
const { learningModules: modules, learningTrainings: trainings, learningPackages: packages, municipalities } = PROGRAMME;

interface Fact {
  staffId: string;
  organisationId: string;
  sex: string;
  birthYear: number | null;
  disability: boolean | null;
  packageId: string | null;
  municipalityId: string | null;
  hours: number;
  detailed: boolean;
}

export function ageBand(birthYear: number | null, today = new Date()): string | null {
  if (!birthYear) return null;
  const age = today.getUTCFullYear() - birthYear;
  return age < 25 ? '<25' : age < 35 ? '25-34' : age < 45 ? '35-44' : age < 55 ? '45-54' : '55+';
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const rate = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

export async function learningReport(gw: Gateway, query: z.infer<typeof reportQuery>): Promise<Report> {
  const person = { staffId: staff.table.id, sex: staff.table.sex, birthYear: staff.table.birthYear, disability: staff.table.disability };
  const [modulesAll, enrolled, attended] = await Promise.all([
    gw.programme.select({ id: modules.id, packageId: modules.packageId }).from(modules),
    gw.aggregateRows(
      enrolments,
      { ...person, organisationId: enrolments.table.organisationId, moduleId: enrolments.table.moduleId, status: enrolments.table.status, passed: enrolments.table.passed, hours: modules.hours },
      {
        joins: [
          { table: staff.table, on: eq(staff.table.id, enrolments.table.staffId) },
          { table: modules, on: eq(modules.id, enrolments.table.moduleId) },
        ],
        where: and(query.from ? gte(enrolments.table.createdAt, new Date(query.from)) : undefined, query.to ? lte(enrolments.table.createdAt, new Date(`${query.to}T23:59:59Z`)) : undefined),
      },
    ),
    gw.aggregateRows(
      participants,
      {
        ...person,
        organisationId: participants.table.organisationId,
        attendance: participants.table.attendance,
        preScore: participants.table.preScore,
        postScore: participants.table.postScore,
        hoursPerDay: trainings.hoursPerDay,
        moduleId: trainings.moduleId,
        packageId: trainings.packageId,
        municipalityId: trainings.municipalityId,
      },
      {
        joins: [
          { table: staff.table, on: eq(staff.table.id, participants.table.staffId) },
          { table: trainings, on: eq(trainings.id, participants.table.trainingId) },
        ],
        where: and(sql`${trainings.status} <> 'cancelled'`, query.from ? gte(trainings.startsOn, query.from) : undefined, query.to ? lte(trainings.startsOn, query.to) : undefined),
      },
    ),
  ]);
  const packageOf = new Map(modulesAll.map((m) => [m.id, m.packageId]));

  const facts: Fact[] = [
    ...enrolled
      .filter((e) => e.status === 'completed')
      .map((e) => ({ staffId: e.staffId, organisationId: e.organisationId, sex: e.sex, birthYear: e.birthYear, disability: e.disability, packageId: packageOf.get(e.moduleId) ?? null, municipalityId: null, hours: e.hours, detailed: e.detailed })),
    ...attended
      .map((p) => ({ p, days: p.attendance.filter(Boolean).length }))
      .filter(({ days }) => days > 0)
      .map(({ p, days }) => ({
        staffId: p.staffId,
        organisationId: p.organisationId,
        sex: p.sex,
        birthYear: p.birthYear,
        disability: p.disability,
        packageId: p.packageId ?? (p.moduleId ? (packageOf.get(p.moduleId) ?? null) : null),
        municipalityId: p.municipalityId,
        hours: days * p.hoursPerDay,
        detailed: p.detailed,
      })),
  ];

  const groupOf = (f: Fact): string | null =>
    ({
      sex: f.sex,
      ageBand: ageBand(f.birthYear),
      disability: f.disability === null ? null : String(f.disability),
      organisation: f.organisationId,
      municipality: f.municipalityId,
      package: f.packageId,
    })[query.by];

  const groups = new Map<string | null, Fact[]>();
  for (const f of facts) {
    const key = groupOf(f);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const labels = await labelsFor(gw, query.by, [...groups.keys()].filter((k): k is string => k !== null));
  const cell = (list: Fact[]) => {
    const people = new Set(list.map((f) => f.staffId)).size;
    const suppressed = list.some((f) => !f.detailed) && people < LEARNING_MIN_CELL;
    return { people: suppressed ? null : people, hours: suppressed ? null : round1(list.reduce((a, f) => a + f.hours, 0)), suppressed };
  };
  const rows = [...groups.entries()]
    .map(([group, list]) => ({ group, labelKa: group ? (labels.get(group)?.ka ?? null) : null, labelEn: group ? (labels.get(group)?.en ?? null) : null, ...cell(list) }))
    .sort((a, b) => String(a.group).localeCompare(String(b.group)));

  const all = cell(facts);
  // The total (people counted once) is shown beside its groups: no hidden group may be the total
  // less the others.
  for (const column of ['people', 'hours'] as const) hideWhatTheTotalWouldTell(rows, all, column);
  for (const row of rows) row.suppressed = row.people === null || row.hours === null;
  const detailedOnly = enrolled.every((e) => e.detailed) && attended.every((p) => p.detailed);
  const enough = (n: number) => detailedOnly || n >= LEARNING_MIN_CELL;
  const completed = enrolled.filter((e) => e.status === 'completed').length;
  const tested = enrolled.filter((e) => e.passed !== null);
  const gains = attended.map(gainOf).filter((g): g is number => g !== null);
  return {
    by: query.by,
    rows,
    totals: {
      people: all.people,
      hours: all.hours,
      enrolments: enough(enrolled.length) ? enrolled.length : 0,
      completionRate: enough(enrolled.length) ? rate(completed, enrolled.length) : null,
      passRate: enough(tested.length) ? rate(tested.filter((e) => e.passed).length, tested.length) : null,
      averageGain: gains.length && enough(gains.length) ? round1(gains.reduce((a, b) => a + b, 0) / gains.length) : null,
    },
  };
}

/** Names for organisation, municipality and package groups (organisations only where the reader reaches them). */
async function labelsFor(gw: Gateway, by: z.infer<typeof reportQuery>['by'], ids: string[]): Promise<Map<string, { ka: string; en: string }>> {
  const out = new Map<string, { ka: string; en: string }>();
  if (ids.length === 0) return out;
  if (by === 'organisation') {
    const rows = await gw.select(organisations, { id: organisations.table.id, ka: organisations.table.nameKa, en: organisations.table.nameEn }, { where: inArray(organisations.table.id, ids) });
    for (const r of rows) out.set(r.id, { ka: r.ka, en: r.en });
  } else if (by === 'municipality') {
    const rows = await gw.programme.select({ id: municipalities.id, ka: municipalities.nameKa, en: municipalities.nameEn }).from(municipalities).where(inArray(municipalities.id, ids));
    for (const r of rows) out.set(r.id, { ka: r.ka, en: r.en });
  } else if (by === 'package') {
    const rows = await gw.programme.select({ id: packages.id, ka: packages.titleKa, en: packages.titleEn }).from(packages).where(inArray(packages.id, ids));
    for (const r of rows) out.set(r.id, { ka: r.ka, en: r.en });
  } else if (by === 'sex' || by === 'disability') {
    // Coded groups are named from the catalogues, so the page and the export read the same words.
    const key = (id: string) => (by === 'sex' ? `cases.sex.${id}` : id === 'true' ? 'learning.reports.withDisability' : 'learning.reports.withoutDisability');
    for (const id of ids) out.set(id, { ka: translate('ka', key(id)), en: translate('en', key(id)) });
  }
  return out;
}
