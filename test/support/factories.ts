/**
 * Test factories: each test builds the rows it relies on through the API, as an administrator,
 * instead of leaning on the demo seed. Names are unique per call, so factories also work on a
 * database that holds the demo programme or rows of other tests in the same file.
 *
 *   const t = await startBareTestApp();          // empty programme, one administrator
 *   const f = await factories(t);
 *   const world = await f.twoCsos();             // two CSOs in two municipalities, with staff
 *   const manager = await world.a.manager.login();
 */
import type { OrganisationKind, Role } from '../../common/roles';
import type { Organisation } from '../../common/schemas/organisation';
import type { Municipality, Region } from '../../common/schemas/places';
import type { ResponseRecord } from '../../common/schemas/response';
import type { User } from '../../common/schemas/user';
import { writeAudit } from '../../server/audit/log';
import { hashPassword } from '../../server/auth/password';
import type { Config } from '../../server/config';
import { organisations, users } from '../../server/db/schema';
import { seedBuiltInInstruments } from '../../server/features/instruments/seed';
import { appOn, DEMO_EMAILS, login, type Client, type TestApp } from './app';
import { freshDatabase } from './database';

/** Password of the bare app's administrator and of every user a factory creates. */
export const FACTORY_PASSWORD = 'factory-password-for-tests';
export const BARE_ADMIN_EMAIL = 'admin@factory.test';

/**
 * The real app over a fresh database with no demo programme: only the built-in instruments (seeded
 * on every start) and one administrator, created the way `npm run ertad -- create-admin` does.
 */
export async function startBareTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  await seedBuiltInInstruments(database.db);
  const passwordHash = await hashPassword(FACTORY_PASSWORD);
  await database.db.transaction(async (tx) => {
    const [org] = await tx.insert(organisations).values({ kind: 'consortium', nameKa: 'კონსორციუმი', nameEn: 'Consortium' }).returning({ id: organisations.id });
    const [user] = await tx
      .insert(users)
      .values({ email: BARE_ADMIN_EMAIL, displayName: 'Administrator', organisationId: org!.id, roles: ['admin'], passwordHash })
      .returning({ id: users.id });
    await writeAudit(tx, { action: 'create_admin_cli', entityType: 'user', entityId: user!.id, organisationId: org!.id });
  });
  return appOn(database, overrides);
}

let sequence = 0;
/** A short suffix that keeps names and emails unique within a test run. */
export function unique(): string {
  sequence += 1;
  return `${Date.now().toString(36)}${sequence}`;
}

/** A user a factory created, with a password set, ready to sign in. */
export interface TestUser {
  user: User;
  email: string;
  login(): Promise<Client>;
}

/** One CSO of `twoCsos`, with the municipality it works in and its staff. */
export interface CsoWithStaff {
  municipality: Municipality;
  cso: Organisation;
  manager: TestUser;
  caseWorker: TestUser;
}

/** Two CSOs in different municipalities, for cross-tenant tests. */
export interface TwoCsos {
  region: Region;
  a: CsoWithStaff;
  b: CsoWithStaff;
  /** City hall of A's municipality, with a municipal monitor. */
  cityHall: Organisation;
  monitor: TestUser;
  /** A consortium organisation working in both municipalities, with a mentor assigned to CSO A only. */
  consortium: Organisation;
  mentor: TestUser;
}

/** A one-question definition (an integer `n`) that is valid and publishable. */
export const SIMPLE_DEFINITION = {
  items: [{ kind: 'question', type: 'integer', name: 'n', label: { ka: 'რიცხვი', en: 'Number' }, required: true }],
  choiceLists: {},
  settings: {},
};

/** Expects a status and returns the JSON body, with the body in the error when it differs. */
async function expectStatus<T>(response: Promise<{ statusCode: number; body: string; json(): unknown }>, status: number, what: string): Promise<T> {
  const r = await response;
  if (r.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${r.statusCode}: ${r.body}`);
  return r.json() as T;
}

export interface Factories {
  /** The administrator every factory acts as. */
  admin: Client;
  region(): Promise<Region>;
  municipality(regionId?: string): Promise<Municipality>;
  organisation(kind: OrganisationKind, options?: { municipalityIds?: string[]; nameEn?: string }): Promise<Organisation>;
  user(organisationId: string, roles: Role[], options?: { mentorOrganisationIds?: string[]; displayName?: string }): Promise<TestUser>;
  /** A new instrument with `definition` published as version 1. */
  publishedInstrument(definition?: unknown, options?: { purpose?: string; code?: string }): Promise<{ id: string; code: string }>;
  /** A response of `organisationId` to the instrument, started by the admin; submitted when `submit` is given. */
  response(instrumentId: string, organisationId: string, options?: { answers?: Record<string, string | number | boolean>; submit?: boolean; label?: string }): Promise<ResponseRecord>;
  twoCsos(): Promise<TwoCsos>;
}

/** Factories acting as `adminClient`, or as the bare app's (or the demo's) administrator. */
export async function factories(t: TestApp, adminClient?: Client): Promise<Factories> {
  const admin = adminClient ?? (await signInAdmin(t));

  const region: Factories['region'] = () => {
    const s = unique();
    return expectStatus(admin.post('/api/v1/regions', { code: `R${s}`.slice(0, 20), nameKa: `რეგიონი ${s}`, nameEn: `Region ${s}` }), 201, 'create region');
  };

  const municipality: Factories['municipality'] = async (regionId) => {
    const s = unique();
    const inRegion = regionId ?? (await region()).id;
    return expectStatus(admin.post('/api/v1/municipalities', { regionId: inRegion, nameKa: `მუნიციპალიტეტი ${s}`, nameEn: `Municipality ${s}` }), 201, 'create municipality');
  };

  const organisation: Factories['organisation'] = (kind, options = {}) => {
    const name = options.nameEn ?? `${kind} ${unique()}`;
    return expectStatus(
      admin.post('/api/v1/organisations', { kind, nameKa: name, nameEn: name, municipalityIds: options.municipalityIds ?? [] }),
      201,
      `create ${kind} organisation`,
    );
  };

  const user: Factories['user'] = async (organisationId, roles, options = {}) => {
    const email = `${roles[0]}.${unique()}@factory.test`.toLowerCase();
    const created = await expectStatus<{ user: User; credentials: { setPasswordPath?: string } }>(
      admin.post('/api/v1/users', {
        email,
        displayName: options.displayName ?? `${roles.join(' ')} ${email}`,
        organisationId,
        roles,
        mentorOrganisationIds: options.mentorOrganisationIds,
        passwordSetup: 'link',
      }),
      201,
      `create user with roles ${roles.join(',')}`,
    );
    // The user sets their password through the one-time link, as a real user does.
    const token = new URL(created.credentials.setPasswordPath ?? '', 'http://x').searchParams.get('token');
    const set = await t.app.inject({ method: 'POST', url: '/api/v1/auth/set-password', payload: { token, password: FACTORY_PASSWORD } });
    if (set.statusCode !== 204) throw new Error(`set password of ${email}: ${set.statusCode} ${set.body}`);
    return { user: created.user, email, login: () => login(t.app, email, FACTORY_PASSWORD) };
  };

  const publishedInstrument: Factories['publishedInstrument'] = async (definition = SIMPLE_DEFINITION, options = {}) => {
    const code = options.code ?? `f_${unique()}`;
    const created = await expectStatus<{ id: string; version: number }>(
      admin.post('/api/v1/instruments', { code, purpose: options.purpose ?? 'survey', titleKa: `ინსტრუმენტი ${code}`, titleEn: `Instrument ${code}` }),
      201,
      'create instrument',
    );
    const draft = await expectStatus<{ version: number }>(admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition, version: 1 }), 200, 'save draft');
    await expectStatus(admin.post(`/api/v1/instruments/${created.id}/publish`, { version: draft.version }), 200, 'publish instrument');
    return { id: created.id, code };
  };

  const response: Factories['response'] = async (instrumentId, organisationId, options = {}) => {
    const started = (
      await expectStatus<{ response: ResponseRecord }>(
        admin.post('/api/v1/responses', { instrumentId, organisationId, label: options.label ?? '' }),
        201,
        'start response',
      )
    ).response;
    if (!options.submit && !options.answers) return started;
    const body = { answers: options.answers ?? {}, version: started.version };
    const saved = options.submit ? admin.post(`/api/v1/responses/${started.id}/submit`, body) : admin.patch(`/api/v1/responses/${started.id}`, body);
    return (await expectStatus<{ response: ResponseRecord }>(saved, 200, options.submit ? 'submit response' : 'save answers')).response;
  };

  const twoCsos: Factories['twoCsos'] = async () => {
    const inRegion = await region();
    const csoWithStaff = async (): Promise<CsoWithStaff> => {
      const place = await municipality(inRegion.id);
      const cso = await organisation('cso', { municipalityIds: [place.id] });
      return { municipality: place, cso, manager: await user(cso.id, ['cso_manager']), caseWorker: await user(cso.id, ['case_worker']) };
    };
    const a = await csoWithStaff();
    const b = await csoWithStaff();
    const cityHall = await organisation('municipality', { municipalityIds: [a.municipality.id] });
    const consortium = await organisation('consortium', { municipalityIds: [a.municipality.id, b.municipality.id] });
    return {
      region: inRegion,
      a,
      b,
      cityHall,
      monitor: await user(cityHall.id, ['municipal_monitor']),
      consortium,
      mentor: await user(consortium.id, ['mentor'], { mentorOrganisationIds: [a.cso.id] }),
    };
  };

  return { admin, region, municipality, organisation, user, publishedInstrument, response, twoCsos };
}

async function signInAdmin(t: TestApp): Promise<Client> {
  try {
    return await login(t.app, BARE_ADMIN_EMAIL, FACTORY_PASSWORD);
  } catch {
    // An app with the demo programme: its administrator.
    return login(t.app, DEMO_EMAILS.admin);
  }
}
