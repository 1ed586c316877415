import { count, like } from 'drizzle-orm';
import { writeAudit } from '../../audit/log';
import { generatePassword, hashPassword } from '../../auth/password';
import type { Db } from '../client';
import { mentorAssignments, municipalities, organisationMunicipalities, organisations, regions, users } from '../schema';
import {
  DEMO_CONSORTIUM,
  DEMO_CSO_THEMES,
  DEMO_DONOR,
  DEMO_MENTOR_CSO_INDEXES,
  DEMO_MUNICIPALITIES,
  DEMO_REGIONS,
  DEMO_USERS,
} from './demo-data';
import { seedDemoResponses } from './demo-responses';

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organisations);
  return (row?.n ?? 0) === 0;
}

/**
 * Seeds the demo programme into an empty database, in one transaction. Returns the password the
 * demo users got (generated when none is given) or null when the database was not empty.
 */
export async function seedDemo(db: Db, password?: string): Promise<{ password: string } | null> {
  if (!(await isEmpty(db))) return null;
  const demoPassword = password ?? generatePassword();
  const passwordHash = await hashPassword(demoPassword);
  await db.transaction(async (tx) => {
    const regionRows = await tx.insert(regions).values([...DEMO_REGIONS]).returning();
    const regionId = (code: string) => regionRows.find((r) => r.code === code)!.id;
    const municipalityRows = await tx
      .insert(municipalities)
      .values(DEMO_MUNICIPALITIES.map((m) => ({ regionId: regionId(m.region), nameKa: m.nameKa, nameEn: m.nameEn })))
      .returning();
    const municipalityId = (nameEn: string) => municipalityRows.find((m) => m.nameEn === nameEn)!.id;

    const orgIds = new Map<string, string>();
    const addOrganisation = async (key: string, values: typeof organisations.$inferInsert, workIn: string[]) => {
      const [row] = await tx.insert(organisations).values(values).returning({ id: organisations.id });
      orgIds.set(key, row!.id);
      if (workIn.length) {
        await tx.insert(organisationMunicipalities).values(workIn.map((m) => ({ organisationId: row!.id, municipalityId: municipalityId(m) })));
      }
    };

    const allMunicipalities = DEMO_MUNICIPALITIES.map((m) => m.nameEn);
    for (const c of DEMO_CONSORTIUM) await addOrganisation(`consortium:${c.shortName}`, { kind: 'consortium', ...c }, allMunicipalities);
    await addOrganisation(`donor:${DEMO_DONOR.shortName}`, { kind: 'donor', ...DEMO_DONOR }, []);
    for (const m of DEMO_MUNICIPALITIES) {
      await addOrganisation(`municipality:${m.nameEn}`, { kind: 'municipality', nameKa: `${m.genitive} მუნიციპალიტეტის მერია`, nameEn: `${m.nameEn} Municipality City Hall` }, [m.nameEn]);
    }
    let index = 0;
    for (const m of DEMO_MUNICIPALITIES) {
      for (const theme of DEMO_CSO_THEMES) {
        await addOrganisation(`cso:${index}`, {
          kind: 'cso',
          nameKa: `${m.genitive} ${theme.ka}`,
          nameEn: `${m.nameEn} ${theme.en}`,
          registrationNumber: String(404000000 + index * 1117).padStart(9, '0'),
          email: `info@cso${index + 1}.demo.ertad.ge`,
        }, [m.nameEn]);
        index += 1;
      }
    }

    const userIds = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const organisationId = orgIds.get(`${u.organisation.kind}:${u.organisation.key}`)!;
      const [row] = await tx
        .insert(users)
        .values({ email: u.email, displayName: u.displayName, roles: u.roles, organisationId, passwordHash, language: 'ka' })
        .returning({ id: users.id });
      userIds.set(u.roles[0]!, row!.id);
      if (u.roles.includes('mentor')) {
        await tx.insert(mentorAssignments).values(DEMO_MENTOR_CSO_INDEXES.map((i) => ({ userId: row!.id, organisationId: orgIds.get(`cso:${i}`)! })));
      }
    }
    // A year of filled-in forms (needs the built-in instruments, which are seeded first).
    const csoIds = [...orgIds].filter(([key]) => key.startsWith('cso:')).map(([, id]) => id);
    await seedDemoResponses(tx, {
      csoIds,
      authorOf: (csoIndex, subject) =>
        csoIndex === 0 ? (userIds.get(subject === 'organisation' ? 'cso_manager' : 'case_worker') ?? null) : (userIds.get(DEMO_MENTOR_CSO_INDEXES.includes(csoIndex) ? 'mentor' : 'programme_manager') ?? null),
    });
    await writeAudit(tx, { action: 'seed_demo', entityType: 'system' });
  });
  return { password: demoPassword };
}

/** Whether the demo accounts (known emails, a shared password) are in the database. */
export async function hasDemoAccounts(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users).where(like(users.email, '%@demo.ertad.ge'));
  return (row?.n ?? 0) > 0;
}

/**
 * The interface to listen on: HOST when set; otherwise loopback while the demo accounts exist
 * (anyone who knows the README could sign in as admin), and every interface when they do not.
 */
export async function listenHost(db: Db, host: string | undefined): Promise<{ host: string; reason: 'configured' | 'demo' | 'default' }> {
  if (host) return { host, reason: 'configured' };
  return (await hasDemoAccounts(db)) ? { host: '127.0.0.1', reason: 'demo' } : { host: '0.0.0.0', reason: 'default' };
}
