import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import { buildApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import type { Database } from '../../server/db/client';
import { organisations, users } from '../../server/db/schema';
import { seedDemo } from '../../server/db/seed/demo';
import { seedBuiltInInstruments } from '../../server/features/instruments/seed';
import { freshDatabase } from './database';

export const DEMO_PASSWORD = 'demo-password-for-tests';

export const DEMO_EMAILS = {
  admin: 'admin@demo.ertad.ge',
  programme_manager: 'programme@demo.ertad.ge',
  mentor: 'mentor@demo.ertad.ge',
  cso_manager: 'cso.manager@demo.ertad.ge',
  case_worker: 'caseworker@demo.ertad.ge',
  municipal_monitor: 'monitor@demo.ertad.ge',
  viewer: 'donor@demo.ertad.ge',
} as const;
export type DemoRole = keyof typeof DEMO_EMAILS;

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  // Stored files (lesson material) go to a fresh temporary directory, never into ./data.
  const storage = { kind: 'local' as const, dir: join(mkdtempSync(join(tmpdir(), 'ertad-files-')), 'files') };
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), loginRateLimitPerMinute: 10_000, storage, ...overrides };
}

/** The real app over a fresh database with the demo programme seeded. */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  // Built-ins first, as at a real start: the demo's filled-in forms answer them.
  await seedBuiltInInstruments(database.db);
  await seedDemo(database.db, DEMO_PASSWORD);
  return appOn(database, overrides);
}

/** The real app over a prepared database; `close` closes both. */
export async function appOn(database: Database, overrides: Partial<Config> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const app = await buildApp({ config, db: database.db, serveWeb: false });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** A signed-in client: carries the session cookie and the CSRF token like the browser does. */
export class Client {
  constructor(
    private readonly app: FastifyInstance,
    readonly cookie: string,
    readonly csrfToken: string,
    readonly language: 'ka' | 'en' = 'ka',
  ) {}

  request(method: InjectOptions['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrfToken },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }
  /** Any request (e.g. multipart) with this session's cookie and CSRF token added. */
  raw(options: InjectOptions): Promise<LightMyRequestResponse> {
    return this.app.inject({ ...options, headers: { ...options.headers, cookie: this.cookie, 'x-csrf-token': this.csrfToken } });
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, payload?: unknown) {
    return this.request('POST', url, payload ?? {});
  }
  patch(url: string, payload: unknown) {
    return this.request('PATCH', url, payload);
  }
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'ertad_session');
  if (!cookie) throw new Error(`no session cookie (status ${response.statusCode}): ${response.body}`);
  return `ertad_session=${cookie.value}`;
}

export async function login(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<Client> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login ${email} failed: ${response.statusCode} ${response.body}`);
  return new Client(app, sessionCookieOf(response), response.json().csrfToken);
}

export function loginAs(app: FastifyInstance, role: DemoRole): Promise<Client> {
  return login(app, DEMO_EMAILS[role]);
}

export async function organisationIdByName(database: Database, nameEn: string): Promise<string> {
  const [row] = await database.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.nameEn, nameEn));
  if (!row) throw new Error(`no organisation ${nameEn}`);
  return row.id;
}

export async function userIdByEmail(database: Database, email: string): Promise<string> {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

/** A multipart/form-data body with one `file` part, as a browser sends an upload. */
export function multipartFile(data: Buffer, filename: string, type: string): { payload: Buffer; contentType: string } {
  const boundary = `----ertad${Math.random().toString(36).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  return { payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}
