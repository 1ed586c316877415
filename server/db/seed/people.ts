import { asc, count, eq, inArray } from 'drizzle-orm';
import { foldName, toLatin } from '../../../common/transliterate';
import type { KeyRing } from '../../crypto/sealed';
import type { Db } from '../client';
import { caseSessions, cases, consents, municipalities, organisationMunicipalities, organisations, people, personMatchKeys, services, users } from '../schema';

const FEMALE = ['ნინო', 'მარიამ', 'ანა', 'თამარ', 'ელენე', 'ნათია', 'ლიკა', 'სალომე', 'ქეთევან', 'მაკა', 'ეკა', 'თეონა', 'ბარბარე', 'ნუცა', 'ლანა', 'ია', 'გვანცა', 'ხატია'];
const MALE = ['გიორგი', 'დავით', 'ლუკა', 'ნიკა', 'ლევან', 'სანდრო', 'ირაკლი', 'დაჩი', 'ბექა', 'გიგა', 'თორნიკე', 'ზურაბ', 'ოთარ', 'ალექსანდრე', 'ნიკოლოზ', 'საბა'];
const SURNAMES = ['ბერიძე', 'კაპანაძე', 'გელაშვილი', 'მაისურაძე', 'ლომიძე', 'ჯაფარიძე', 'ხარაიშვილი', 'ნოზაძე', 'ქავთარაძე', 'წიკლაური', 'ჩხეიძე', 'ყიფიანი', 'ღლონტი', 'ფხაკაძე', 'შენგელია', 'ჭანტურია', 'ცინცაძე', 'ძნელაძე', 'ხუციშვილი', 'თოდუა'];
const TARGET_GROUPS = ['children_with_disabilities', 'persons_with_disabilities', 'families_at_risk'];
const NOTES = ['ოჯახთან ვიზიტი, ბავშვი აქტიურია', 'მეტყველების თერაპია, მცირე პროგრესი', 'მშობელთან კონსულტაცია', 'ფიზიკური რეაბილიტაცია', 'ჯგუფური აქტივობა დღის ცენტრში'];

/** A deterministic generator, so the demo looks the same on every fresh start. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * Synthetic people served, with consent, and at CSOs with case staff their cases and sessions:
 * a few multi-row inserts, so a fresh demo starts quickly. Personal numbers and notes are sealed
 * like real ones. Only runs when no person exists yet.
 */
const DEMO_SERVICES = [
  { type: 'early_intervention' as const, nameKa: 'ადრეული განვითარების ხელშეწყობა', nameEn: 'Early childhood intervention', targetGroup: 'შშმ ბავშვები და მათი ოჯახები', ageFrom: 0, ageTo: 7, capacity: 25, stateFunded: true, accessibility: 'პანდუსი, ადაპტირებული სველი წერტილი', openingHours: 'ორშ–პარ 9:00–18:00' },
  { type: 'day_care' as const, nameKa: 'დღის ცენტრი', nameEn: 'Day care centre', targetGroup: 'შშმ ბავშვები და ახალგაზრდები', ageFrom: 6, ageTo: 25, capacity: 30, stateFunded: true, accessibility: 'პანდუსი, ჟესტური ენის თარჯიმანი მოთხოვნით', openingHours: 'ორშ–პარ 10:00–17:00' },
];

/**
 * Each CSO's home municipality (the first it works in, by name) and its neighbours: the other
 * municipalities of the same region, the places people from nearby villages come from.
 */
async function homeMunicipalities(db: Db, csoIds: string[]): Promise<Map<string, { id: string; neighbours: string[] }>> {
  const places = await db.select({ id: municipalities.id, regionId: municipalities.regionId }).from(municipalities).orderBy(asc(municipalities.nameEn), asc(municipalities.id));
  const links = csoIds.length
    ? await db
        .select({ organisationId: organisationMunicipalities.organisationId, municipalityId: organisationMunicipalities.municipalityId })
        .from(organisationMunicipalities)
        .innerJoin(municipalities, eq(municipalities.id, organisationMunicipalities.municipalityId))
        .where(inArray(organisationMunicipalities.organisationId, csoIds))
        .orderBy(asc(municipalities.nameEn), asc(municipalities.id))
    : [];
  const homes = new Map<string, { id: string; neighbours: string[] }>();
  for (const link of links) {
    if (homes.has(link.organisationId)) continue;
    const regionId = places.find((m) => m.id === link.municipalityId)?.regionId;
    homes.set(link.organisationId, { id: link.municipalityId, neighbours: places.filter((m) => m.regionId === regionId && m.id !== link.municipalityId).map((m) => m.id) });
  }
  return homes;
}

export async function seedDemoPeople(db: Db, keys: KeyRing, total = 300): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(people);
  if ((existing?.n ?? 0) > 0) return 0;
  const csos = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'cso')).orderBy(organisations.createdAt);
  if (csos.length === 0) return 0;
  const staff = await db.select({ id: users.id, organisationId: users.organisationId, roles: users.roles }).from(users).where(inArray(users.organisationId, csos.map((c) => c.id)));
  const workersOf = (orgId: string) => staff.filter((u) => u.organisationId === orgId && u.roles.some((r) => r === 'case_worker' || r === 'cso_manager'));
  const rnd = random(13);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const year = new Date().getUTCFullYear();
  // The CSO with staff serves about a third of the people; the rest spread over the others.
  const staffed = csos.filter((c) => workersOf(c.id).length > 0);
  const livesIn = await homeMunicipalities(db, csos.map((c) => c.id));
  // Its own generator, so adding where people live left the rest of the demo (names, ages,
  // cases, sessions) exactly as it was.
  const where = random(29);
  const personRows: (typeof people.$inferInsert)[] = [];
  for (let i = 0; i < total; i += 1) {
    const org = staffed.length && i % 3 === 0 ? staffed[i % staffed.length]! : csos[i % csos.length]!;
    const home = livesIn.get(org.id);
    // Most live where their CSO works, some in a neighbouring municipality, a few not recorded.
    const w = where();
    const municipalityId = !home ? null : w < 0.8 ? home.id : w < 0.92 && home.neighbours.length ? home.neighbours[Math.floor(where() * home.neighbours.length)]! : null;
    const sex = rnd() < 0.5 ? 'female' : 'male';
    const givenName = pick(sex === 'female' ? FEMALE : MALE);
    const surname = pick(SURNAMES);
    const age = Math.floor(rnd() * (rnd() < 0.6 ? 18 : 70));
    const birthDate = `${year - age}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const personalNumber = rnd() < 0.7 ? String(10_000_000_000 + Math.floor(rnd() * 89_999_999_999)) : null;
    personRows.push({
      organisationId: org.id,
      givenName,
      surname,
      latinName: toLatin(`${givenName} ${surname}`),
      searchKey: foldName(`${givenName} ${surname}`),
      sex,
      birthDate,
      personalNumberSealed: personalNumber ? keys.seal(personalNumber) : null,
      personalNumberIndex: personalNumber ? keys.blindIndex(personalNumber) : null,
      targetGroup: age < 18 ? (rnd() < 0.7 ? TARGET_GROUPS[0]! : TARGET_GROUPS[2]!) : TARGET_GROUPS[1]!,
      disability: rnd() < 0.75,
      municipalityId,
      language: 'ka',
    });
  }
  await db.transaction(async (tx) => {
    const inserted = await tx.insert(people).values(personRows).returning({ id: people.id, organisationId: people.organisationId, givenName: people.givenName, surname: people.surname, birthDate: people.birthDate, personalNumberIndex: people.personalNumberIndex });
    await tx.insert(consents).values(inserted.map((p) => ({ organisationId: p.organisationId, personId: p.id, givenBy: 'representative' as const, representativeName: 'კანონიერი წარმომადგენელი', givenOn: `${year}-01-15`, processing: true, referralSharing: rnd() < 0.8 })));
    const matchKeys = inserted.filter((p) => p.birthDate).map((p) => ({ keyHash: keys.blindIndex(`nd:${foldName(`${p.givenName} ${p.surname}`)}:${p.birthDate}`), holder: keys.blindIndex(`holder:${p.id}`) }));
    if (matchKeys.length) await tx.insert(personMatchKeys).values(matchKeys);
    const caseRows: (typeof cases.$inferInsert)[] = [];
    for (const p of inserted) {
      const workers = workersOf(p.organisationId);
      if (!workers.length || rnd() < 0.2) continue;
      const status = pick(['assessment', 'planning', 'active', 'active', 'active', 'review', 'closed'] as const);
      caseRows.push({ organisationId: p.organisationId, personId: p.id, caseWorkerId: pick(workers).id, status, openedOn: `${year - 1}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-10`, closedOn: status === 'closed' ? `${year}-01-20` : null, closureReason: status === 'closed' ? 'მიზნები მიღწეულია' : '' });
    }
    if (!caseRows.length) return;
    const caseIds = await tx.insert(cases).values(caseRows).returning({ id: cases.id, organisationId: cases.organisationId, caseWorkerId: cases.caseWorkerId });
    // Each CSO's services catalogue; sessions alternate between its two services.
    const catalogue = await tx
      .insert(services)
      .values(csos.flatMap((c) => DEMO_SERVICES.map((d) => ({ ...d, organisationId: c.id }))))
      .returning({ id: services.id, organisationId: services.organisationId });
    const servicesOf = (orgId: string) => catalogue.filter((x) => x.organisationId === orgId).map((x) => x.id);
    const sessionRows: (typeof caseSessions.$inferInsert)[] = [];
    for (const c of caseIds) {
      const n = Math.floor(rnd() * 7);
      const offered = servicesOf(c.organisationId);
      for (let s = 0; s < n; s += 1) {
        sessionRows.push({ organisationId: c.organisationId, caseId: c.id, serviceId: offered[s % offered.length] ?? null, kind: rnd() < 0.8 ? 'individual' : 'group', heldOn: `${year - 1}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`, minutes: pick([30, 45, 60, 90]), staffId: c.caseWorkerId, attended: rnd() < 0.9, notesSealed: keys.seal(pick(NOTES)) });
      }
    }
    if (sessionRows.length) await tx.insert(caseSessions).values(sessionRows);
  });
  return total;
}
