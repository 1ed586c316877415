import { sql } from 'drizzle-orm';
import { flattenQuestions, type Definition } from '../../../common/instruments/definition';
import type { Value } from '../../../common/instruments/expression-evaluator';
import { evaluateForm } from '../../../common/instruments/form-state';
import { scoreForm } from '../../../common/instruments/scoring';
import { foldName, toLatin } from '../../../common/transliterate';
import { queryRows, type Db } from '../client';

// Synthetic data at the sizes Ertad must serve, written with bulk SQL (generate_series) into the
// same tables and columns the services write: Georgian names, dates spread over two years, answers
// that are valid choices of the published instruments, scored by the same engine as the server;
// people served with their Latin spelling and search key derived by the same functions as on
// registration, cases with a worker of the CSO, and service sessions.

export const SCALES: Record<'tiny' | 'programme' | 'national', Size> = {
  /** For tests and the bench smoke run. */
  tiny: { regions: 2, municipalities: 4, csos: 8, staff: 40, responses: 2_000, people: 200, sessions: 2_000 },
  programme: { regions: 4, municipalities: 9, csos: 27, staff: 300, responses: 50_000, people: 2_100, sessions: 100_000 },
  national: { regions: 10, municipalities: 64, csos: 1_000, staff: 10_000, responses: 1_000_000, people: 250_000, sessions: 5_000_000 },
};
export type Scale = keyof typeof SCALES;
export interface Size {
  regions: number;
  municipalities: number;
  csos: number;
  staff: number;
  responses: number;
  /** People served (four in five with an open or closed case); none when left out. */
  people?: number;
  /** Service sessions spread over those cases. */
  sessions?: number;
}

export const SYNTHETIC_EMAIL_DOMAIN = 'synthetic.ertad.ge';
const BATCH = 50_000;

const MUNICIPALITIES: [string, string][] = [
  ['თბილისი', 'Tbilisi'], ['ბათუმი', 'Batumi'], ['ქუთაისი', 'Kutaisi'], ['რუსთავი', 'Rustavi'], ['ზუგდიდი', 'Zugdidi'],
  ['გორი', 'Gori'], ['ფოთი', 'Poti'], ['თელავი', 'Telavi'], ['ახმეტა', 'Akhmeta'], ['გურჯაანი', 'Gurjaani'],
  ['სიღნაღი', 'Sighnaghi'], ['ლაგოდეხი', 'Lagodekhi'], ['საგარეჯო', 'Sagarejo'], ['დედოფლისწყარო', 'Dedoplistskaro'],
  ['ყვარელი', 'Kvareli'], ['ზესტაფონი', 'Zestaponi'], ['სამტრედია', 'Samtredia'], ['ხონი', 'Khoni'], ['ტყიბული', 'Tkibuli'],
  ['ჭიათურა', 'Chiatura'], ['საჩხერე', 'Sachkhere'], ['თერჯოლა', 'Terjola'], ['ვანი', 'Vani'], ['ბაღდათი', 'Baghdati'],
  ['ხარაგაული', 'Kharagauli'], ['წყალტუბო', 'Tskaltubo'], ['ოზურგეთი', 'Ozurgeti'], ['ლანჩხუთი', 'Lanchkhuti'],
  ['ჩოხატაური', 'Chokhatauri'], ['სენაკი', 'Senaki'], ['მარტვილი', 'Martvili'], ['აბაშა', 'Abasha'], ['ხობი', 'Khobi'],
  ['წალენჯიხა', 'Tsalenjikha'], ['ჩხოროწყუ', 'Chkhorotsku'], ['მესტია', 'Mestia'], ['ამბროლაური', 'Ambrolauri'], ['ონი', 'Oni'],
  ['ცაგერი', 'Tsageri'], ['ლენტეხი', 'Lentekhi'], ['კასპი', 'Kaspi'], ['ხაშური', 'Khashuri'], ['ქარელი', 'Kareli'],
  ['მცხეთა', 'Mtskheta'], ['დუშეთი', 'Dusheti'], ['თიანეთი', 'Tianeti'], ['ყაზბეგი', 'Kazbegi'], ['მარნეული', 'Marneuli'],
  ['ბოლნისი', 'Bolnisi'], ['დმანისი', 'Dmanisi'], ['წალკა', 'Tsalka'], ['თეთრიწყარო', 'Tetritskaro'], ['გარდაბანი', 'Gardabani'],
  ['ახალციხე', 'Akhaltsikhe'], ['ბორჯომი', 'Borjomi'], ['ახალქალაქი', 'Akhalkalaki'], ['ნინოწმინდა', 'Ninotsminda'],
  ['ასპინძა', 'Aspindza'], ['ადიგენი', 'Adigeni'], ['ქობულეთი', 'Kobuleti'], ['ხელვაჩაური', 'Khelvachauri'], ['ქედა', 'Keda'],
  ['შუახევი', 'Shuakhevi'], ['ხულო', 'Khulo'],
];
const REGIONS: [string, string][] = [
  ['კახეთი', 'Kakheti'], ['იმერეთი', 'Imereti'], ['სამეგრელო-ზემო სვანეთი', 'Samegrelo-Zemo Svaneti'], ['შიდა ქართლი', 'Shida Kartli'],
  ['ქვემო ქართლი', 'Kvemo Kartli'], ['გურია', 'Guria'], ['აჭარა', 'Adjara'], ['სამცხე-ჯავახეთი', 'Samtskhe-Javakheti'],
  ['მცხეთა-მთიანეთი', 'Mtskheta-Mtianeti'], ['რაჭა-ლეჩხუმი და ქვემო სვანეთი', 'Racha-Lechkhumi and Kvemo Svaneti'],
];
const THEMES: [string, string][] = [
  ['ინკლუზიური განვითარების ცენტრი', 'Inclusive Development Centre'], ['ოჯახის მხარდაჭერის ასოციაცია', 'Family Support Association'],
  ['შშმ ბავშვთა მშობლების კავშირი', 'Union of Parents of Children with Disabilities'], ['დღის ცენტრი', 'Day Centre'],
  ['სოციალური სერვისების ფონდი', 'Social Services Foundation'], ['ადრეული განვითარების ცენტრი', 'Early Development Centre'],
  ['თემის განვითარების ცენტრი', 'Community Development Centre'], ['რეაბილიტაციის ცენტრი', 'Rehabilitation Centre'],
];
const TARGET_GROUPS = ['children_with_disabilities', 'persons_with_disabilities', 'families_at_risk'];
const CASE_STATUSES = ['intake', 'assessment', 'planning', 'active', 'active', 'active', 'review', 'closed'];
const FIRST_NAMES = ['ნინო', 'მარიამ', 'თამარ', 'ანა', 'ეკატერინე', 'ნათია', 'ლიკა', 'სალომე', 'ქეთევან', 'მაკა', 'გიორგი', 'დავით', 'ლევან', 'ირაკლი', 'ნიკა', 'ზურაბ', 'ალექსანდრე', 'ლაშა', 'თორნიკე', 'ბექა'];
const LAST_NAMES = ['ბერიძე', 'კაპანაძე', 'გელაშვილი', 'მაისურაძე', 'ლომიძე', 'კვარაცხელია', 'ნოზაძე', 'ჯაფარიძე', 'ხუციშვილი', 'ბოლქვაძე', 'წიკლაური', 'ჩიქოვანი', 'გოგოლაძე', 'ტაბატაძე', 'მჭედლიშვილი', 'აბაშიძე', 'ქავთარაძე', 'ფხაკაძე', 'ცერცვაძე', 'ხარაიშვილი'];

/** `list[(index) mod length]` in SQL, the list passed once as a JSON parameter. */
const pick = (list: unknown[], index: ReturnType<typeof sql>) => sql`(${JSON.stringify(list)}::jsonb ->> ((${index}) % ${list.length})::int)`;

/** Answer sets for a definition: a random choice (or number) for every question, then scored by the engine. */
function answerTemplates(definition: Definition, count: number) {
  const templates: { answers: Record<string, Value>; score: ReturnType<typeof scoreForm> }[] = [];
  for (let i = 0; i < count; i += 1) {
    const answers: Record<string, Value> = {};
    for (const { question } of flattenQuestions(definition.items)) {
      const choices = question.listName ? (definition.choiceLists[question.listName] ?? []) : [];
      if (question.type === 'select_one' && choices.length) answers[question.name] = choices[Math.floor(Math.random() * choices.length)]!.name;
      else if (question.type === 'select_multiple' && choices.length) answers[question.name] = choices.filter(() => Math.random() < 0.3).map((c) => c.name).join(' ');
      else if (question.type === 'integer') answers[question.name] = String(Math.floor(Math.random() * 10));
    }
    templates.push({ answers, score: scoreForm(definition, evaluateForm(definition, answers)) });
  }
  return templates;
}

export async function seedSynthetic(db: Db, scale: Scale | Size, progress: (line: string) => void = () => {}): Promise<void> {
  const size = typeof scale === 'string' ? SCALES[scale] : scale;
  // One transaction: one connection for the temporary tables, and all or nothing.
  await db.transaction((tx) => seedIn(tx as unknown as Db, size, progress));
  // Vacuumed as well as analysed: a bulk load leaves the visibility map empty, so until autovacuum
  // got round to the new rows, every capped count would read the table instead of an index only,
  // and that autovacuum would run in the middle of whatever is measured next.
  await db.execute(sql`vacuum analyze`);
  progress('vacuumed and analysed; done');
}

async function seedIn(db: Db, size: Size, progress: (line: string) => void): Promise<void> {
  const [existing] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users where email like ${`%@${SYNTHETIC_EMAIL_DOMAIN}`}`);
  if ((existing?.n ?? 0) > 0) throw new Error('This database holds synthetic data already; use a fresh database.');
  const versions = await queryRows<{ id: string; definition: Definition }>(db, sql`select id, definition from instrument_versions where status = 'published' order by id`);
  if (versions.length === 0) throw new Error('No published instrument; start the server once (it seeds the built-in instruments) first.');
  const tag = `syn${Date.now().toString(36)}`;
  const started = Date.now();
  const step = (line: string) => progress(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);

  const regions = REGIONS.slice(0, size.regions);
  await db.execute(sql`insert into regions (code, name_ka, name_en)
    select ${tag} || '-' || g, ${pick(regions.map((r) => r[0]), sql`g - 1`)}, ${pick(regions.map((r) => r[1]), sql`g - 1`)}
    from generate_series(1, ${regions.length}) g`);
  await db.execute(sql`insert into municipalities (region_id, name_ka, name_en)
    select (select id from regions where code = ${tag} || '-' || (1 + (g - 1) % ${regions.length})),
      ${pick(MUNICIPALITIES.map((m) => m[0]), sql`g - 1`)} || case when g > ${MUNICIPALITIES.length} then ' ' || g else '' end,
      ${pick(MUNICIPALITIES.map((m) => m[1]), sql`g - 1`)} || case when g > ${MUNICIPALITIES.length} then ' ' || g else '' end
    from generate_series(1, ${size.municipalities}) g`);
  step(`${regions.length} regions, ${size.municipalities} municipalities`);

  // CSOs, each working in one municipality; numbered once a municipality has more than one per theme.
  await db.execute(sql`create temporary table syn_municipality as
    select row_number() over (order by m.created_at, m.id) - 1 as n, m.id, m.name_ka, m.name_en
    from municipalities m join regions r on r.id = m.region_id where r.code like ${`${tag}-%`}`);
  await db.execute(sql`insert into organisations (kind, name_ka, name_en, registration_number, email, created_at, updated_at)
    select 'cso',
      m.name_ka || ' — ' || ${pick(THEMES.map((t) => t[0]), sql`g / ${size.municipalities}`)} || case when g >= ${size.municipalities * THEMES.length} then ' ' || g else '' end,
      m.name_en || ' ' || ${pick(THEMES.map((t) => t[1]), sql`g / ${size.municipalities}`)} || case when g >= ${size.municipalities * THEMES.length} then ' ' || g else '' end,
      lpad((500000000 + g)::text, 9, '0'), 'info@cso' || g || '.' || ${SYNTHETIC_EMAIL_DOMAIN},
      now() - interval '3 years' + (g % 365) * interval '1 day', now() - interval '3 years' + (g % 365) * interval '1 day'
    from generate_series(0, ${size.csos - 1}::int) g join syn_municipality m on m.n = g % ${size.municipalities}`);
  await db.execute(sql`create temporary table syn_cso as
    select row_number() over (order by o.registration_number) - 1 as n, o.id, m.id as municipality_id
    from organisations o join syn_municipality m on o.name_en like m.name_en || ' %'
    where o.email like ${`%.${SYNTHETIC_EMAIL_DOMAIN}`}`);
  await db.execute(sql`insert into organisation_municipalities (organisation_id, municipality_id) select id, municipality_id from syn_cso`);
  step(`${size.csos} CSOs`);

  // Staff: every tenth a CSO manager, the others case workers; no password (they cannot sign in).
  await db.execute(sql`insert into users (email, display_name, organisation_id, roles, language, created_at, updated_at, last_login_at)
    select 'staff' || g || '@' || ${SYNTHETIC_EMAIL_DOMAIN},
      ${pick(FIRST_NAMES, sql`g`)} || ' ' || ${pick(LAST_NAMES, sql`g / ${FIRST_NAMES.length}`)},
      c.id, case when g % 10 = 0 then array['cso_manager'] else array['case_worker'] end,
      case when g % 7 = 0 then 'en' else 'ka' end,
      now() - interval '2 years' + (g % 700) * interval '1 day', now() - interval '2 years' + (g % 700) * interval '1 day',
      case when g % 5 = 0 then null else now() - (g % 60) * interval '1 day' end
    from generate_series(0, ${size.staff - 1}::int) g join syn_cso c on c.n = g % ${size.csos}`);
  step(`${size.staff} staff`);

  // Filled-in forms: a published version, a valid scored answer set, created over two years,
  // last changed up to a month later; four in five submitted.
  const templates = versions.flatMap((v) => answerTemplates(v.definition, 20).map((t) => ({ versionId: v.id, ...t })));
  await db.execute(sql`create temporary table syn_template as
    select (ordinality - 1)::int as n, (t ->> 'versionId')::uuid as version_id, t -> 'answers' as answers, t -> 'score' as score
    from jsonb_array_elements(${JSON.stringify(templates)}::jsonb) with ordinality as x(t, ordinality)`);
  for (let from = 0; from < size.responses; from += BATCH) {
    const to = Math.min(size.responses, from + BATCH) - 1;
    await db.execute(sql`insert into responses (instrument_version_id, organisation_id, label, status, answers, score, created_at, updated_at, submitted_at)
      select t.version_id, c.id,
        ${pick(FIRST_NAMES, sql`g * 7`)} || ' ' || ${pick(LAST_NAMES, sql`g * 13`)},
        case when g % 5 = 0 then 'draft' else 'submitted' end,
        t.answers, case when g % 5 = 0 then null else t.score end, d.created, d.created + d.edit,
        case when g % 5 = 0 then null else d.created + d.edit end
      from generate_series(${from}::int, ${to}::int) g
      join syn_cso c on c.n = (g::bigint * 7919) % ${size.csos}
      join syn_template t on t.n = g % ${templates.length}
      cross join lateral (select now() - (random() + 0 * g) * interval '730 days' as created, (random() + 0 * g) * interval '30 days' as edit) d`);
    step(`${to + 1} / ${size.responses} filled-in forms`);
  }
  if (size.people) await seedPeople(db, { ...size, people: size.people, sessions: size.sessions ?? 0 }, step);

  // The audit trail of those forms: one submit entry per submitted form.
  await db.execute(sql`insert into audit_log (at, actor_email, organisation_id, action, entity_type, entity_id)
    select r.submitted_at, 'staff' || (abs(hashtext(r.id::text)) % ${size.staff}) || '@' || ${SYNTHETIC_EMAIL_DOMAIN}, r.organisation_id, 'submit', 'response', r.id::text
    from responses r join syn_cso c on c.id = r.organisation_id where r.status = 'submitted'`);
  step('audit entries');
  for (const table of ['syn_municipality', 'syn_cso', 'syn_template']) await db.execute(sql.raw(`drop table ${table}`));
}

/**
 * People served, their cases and sessions. Names come from the same lists as staff; the Latin
 * spelling and the search key are computed here by the functions registration uses, so search
 * finds synthetic people exactly as it finds registered ones. No personal numbers and no
 * cross-CSO match keys: both are optional and need the server's key (sealing, keyed hashes).
 */
async function seedPeople(db: Db, size: Size & { people: number; sessions: number }, step: (line: string) => void): Promise<void> {
  const names = FIRST_NAMES.flatMap((given, i) =>
    LAST_NAMES.map((surname) => ({ given, surname, sex: i < 10 ? 'female' : 'male', latin: toLatin(`${given} ${surname}`), key: foldName(`${given} ${surname}`) })),
  );
  await db.execute(sql`create temporary table syn_name as
    select (ordinality - 1)::int as n, x ->> 'given' as given, x ->> 'surname' as surname, x ->> 'sex' as sex, x ->> 'latin' as latin, x ->> 'key' as search_key
    from jsonb_array_elements(${JSON.stringify(names)}::jsonb) with ordinality as t(x, ordinality)`);
  // Case workers per CSO, numbered, so that a case can pick one of its own CSO's workers.
  await db.execute(sql`create temporary table syn_worker as
    select u.organisation_id, (row_number() over (partition by u.organisation_id order by u.id) - 1)::int as k, count(*) over (partition by u.organisation_id)::int as of, u.id
    from users u join syn_cso c on c.id = u.organisation_id where 'case_worker' = any(u.roles)`);
  // Where people live, as in the demo (seed/people.ts): four in five where their CSO works, about
  // one in eight in another municipality of its region (the villages nearby), the rest not recorded.
  // Each municipality's neighbours, numbered, so that a person can pick one of them.
  await db.execute(sql`create temporary table syn_neighbour as
    select m.id as municipality_id, (row_number() over (partition by m.id order by o.id) - 1)::int as k, count(*) over (partition by m.id)::int as of, o.id
    from syn_municipality s join municipalities m on m.id = s.id join municipalities o on o.region_id = m.region_id and o.id <> m.id`);
  for (let from = 0; from < size.people; from += BATCH) {
    const to = Math.min(size.people, from + BATCH) - 1;
    await db.execute(sql`insert into people (organisation_id, given_name, surname, latin_name, search_key, sex, birth_date, municipality_id, target_group, disability, created_at, updated_at)
      select c.id, nm.given, nm.surname, nm.latin, nm.search_key, nm.sex, d.born,
        case when w.p < 80 then c.municipality_id when w.p < 92 then nb.id end,
        case when d.born > current_date - interval '18 years' then ${pick(TARGET_GROUPS, sql`g % 2 * 2`)} else ${TARGET_GROUPS[1]!} end,
        g % 3 <> 2, d.registered, d.registered
      from generate_series(${from}::int, ${to}::int) g
      join syn_cso c on c.n = (g::bigint * 7919) % ${size.csos}
      join syn_name nm on nm.n = (g::bigint * 31) % ${names.length}
      cross join lateral (select abs(hashtext(g::text || 'w')) % 100 as p, abs(hashtext(g::text || 'n')) as pick) w
      left join syn_neighbour nb on nb.municipality_id = c.municipality_id and nb.k = w.pick % nb.of
      cross join lateral (select (current_date - ((random() + 0 * g) * 80 * 365)::int) as born, now() - (random() + 0 * g) * interval '700 days' as registered) d`);
    step(`${to + 1} / ${size.people} people`);
  }
  // Four in five people have a case, opened when they were registered or later.
  await db.execute(sql`insert into cases (organisation_id, person_id, case_worker_id, status, closure_reason, opened_on, closed_on, next_follow_up, created_at, updated_at)
    select p.organisation_id, p.id, w.id, s.status, case when s.status = 'closed' then 'მომსახურების მიზნები მიღწეულია' else '' end,
      p.created_at::date, case when s.status = 'closed' then p.created_at::date + 180 end,
      case when s.status <> 'closed' then current_date + (abs(hashtext(p.id::text)) % 60) - 20 end, p.created_at, p.created_at
    from people p
    join syn_cso c on c.id = p.organisation_id
    join syn_worker w on w.organisation_id = p.organisation_id and w.k = abs(hashtext(p.id::text)) % w.of
    cross join lateral (select ${pick(CASE_STATUSES, sql`abs(hashtext(p.id::text || 's'))`)} as status) s
    where abs(hashtext(p.id::text)) % 5 <> 0`);
  await db.execute(sql`create temporary table syn_case as
    select (row_number() over (order by k.id) - 1)::int as n, k.id, k.organisation_id, k.case_worker_id, k.opened_on
    from cases k join syn_cso c on c.id = k.organisation_id`);
  const [cases] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from syn_case`);
  step(`${cases?.n ?? 0} cases`);
  for (let from = 0; from < size.sessions && (cases?.n ?? 0) > 0; from += BATCH) {
    const to = Math.min(size.sessions, from + BATCH) - 1;
    await db.execute(sql`insert into case_sessions (organisation_id, case_id, kind, held_on, minutes, staff_id, attended, created_at, updated_at)
      select k.organisation_id, k.id, case when g % 6 = 0 then 'group' else 'individual' end,
        least(current_date, k.opened_on + (g % 365)), 30 + (g % 4) * 15, k.case_worker_id, g % 9 <> 0, now(), now()
      from generate_series(${from}::int, ${to}::int) g
      join syn_case k on k.n = (g::bigint * 7919) % ${cases!.n}`);
    step(`${to + 1} / ${size.sessions} sessions`);
  }
  for (const table of ['syn_name', 'syn_neighbour', 'syn_worker', 'syn_case']) await db.execute(sql.raw(`drop table ${table}`));
}
