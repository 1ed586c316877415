import { isIP } from 'node:net';
import { z } from 'zod';
import { translate } from '../common/i18n/translate';
import { MIN_PASSWORD_LENGTH } from '../common/schemas/user';
import { passwordProblem } from './auth/password-policy';
import { decodeKey32, parseKeys } from './crypto/keys';
import { DEFAULT_DATA_DIR } from './db/embedded';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** proxy-addr's names for address ranges, accepted besides addresses and CIDR ranges. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * ERTAD_TRUST_PROXY: `0` (no proxy), the number of proxy hops in front of Ertad (1–10), or the
 * proxies' addresses / CIDR ranges, comma-separated. "Trust any X-Forwarded-For" is not offered:
 * it would let every caller choose the address that rate limits and the audit log see.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (value === '0' || value === 'false' || value === 'no' || value === '') return false;
    if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 10) return Number(value);
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
    if (entries.length && entries.every(isProxyAddress)) return entries;
    ctx.addIssue({ code: 'custom', message: 'give 0, the number of proxy hops (1-10), or the proxy addresses/CIDR ranges, comma-separated' });
    return z.NEVER;
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: 127.0.0.1 while the demo accounts exist, otherwise 0.0.0.0 (see listenHost). */
  HOST: z.string().min(1).optional(),
  ERTAD_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Owner role for migrations; DATABASE_URL then needs no more than read/write on the tables. */
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /**
   * `transaction` when DATABASE_URL leads to a pooler that hands a server connection to another
   * client after every transaction (PgBouncer's `pool_mode = transaction`): Ertad then prepares no
   * named statement, which another client's connection would already hold.
   */
  DATABASE_POOL_MODE: z.enum(['session', 'transaction']).default('session'),
  /** A read replica of DATABASE_URL's database, for read-heavy reports (PostgreSQL only). */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  ERTAD_DEMO: booleanFlag.optional(),
  ERTAD_DEMO_PASSWORD: z
    .string()
    .superRefine((value, ctx) => {
      const problem = passwordProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: translate('en', problem, { min: MIN_PASSWORD_LENGTH }) });
    })
    .optional(),
  ERTAD_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** `id:base64(32 bytes)[,id:base64...]`: AES-256-GCM keys for personal numbers and case notes; the first seals new values. */
  ERTAD_DATA_KEYS: z
    .string()
    .refine((spec) => {
      try {
        return parseKeys(spec).size > 0;
      } catch {
        return false;
      }
    }, 'each entry must be id:base64 of 32 bytes, e.g. k1:<the output of openssl rand -base64 32>')
    .optional(),
  /** base64 of 32 bytes: the key of the blind index (keyed hash) of personal numbers. */
  ERTAD_BLIND_INDEX_KEY: z
    .string()
    .refine((key) => decodeKey32(key) !== undefined, 'must be base64 of 32 bytes, the output of openssl rand -base64 32')
    .optional(),
  ERTAD_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  ERTAD_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  ERTAD_TRUST_PROXY: trustProxy.default(false),
  ERTAD_ATTACHMENTS_PER_RESPONSE: z.coerce.number().int().min(1).max(1000).default(20),
  ERTAD_ATTACHMENT_MB_PER_ORGANISATION: z.coerce.number().int().min(1).max(1024 * 1024).default(2048),
  ERTAD_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** smtp://user:pass@host:587 or smtps://…: invitations and password resets go by email. Unset: the admin hands the link over. */
  ERTAD_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** The sender of those emails, e.g. `Ertad <no-reply@example.ge>`. */
  ERTAD_SMTP_FROM: z.string().min(3).optional(),
  /** The address users open Ertad at (https://ertad.example.ge): links in emails point there. Needed with ERTAD_SMTP_URL. */
  ERTAD_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where lesson files live: `local` (under ERTAD_FILES_DIR) or `s3` (an S3-compatible object store). */
  ERTAD_STORAGE: z.enum(['local', 's3']).default('local'),
  /** Local storage directory; default `<ERTAD_DATA_DIR>/files`. */
  ERTAD_FILES_DIR: z.string().min(1).optional(),
  ERTAD_S3_BUCKET: z.string().min(3).optional(),
  ERTAD_S3_REGION: z.string().min(1).default('us-east-1'),
  /** For S3-compatible stores (MinIO, Ceph, ...): their URL; unset for AWS S3. */
  ERTAD_S3_ENDPOINT: z.url().optional(),
  ERTAD_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  ERTAD_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style addressing (`endpoint/bucket/key`), which most self-hosted stores need. */
  ERTAD_S3_FORCE_PATH_STYLE: booleanFlag.default(true),
  /** Background exports this server runs at once; 0: it only queues them for the other servers. */
  ERTAD_EXPORT_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  /** Seconds a download may go unread (its client connected, reading nothing) before it is given up. */
  ERTAD_DOWNLOAD_IDLE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Sign-in throttling per email and client address; see login() in server/features/auth/service.ts. */
export interface LoginThrottle {
  /** Failures in a row that cost nothing. */
  freeFailures: number;
  /** Failures in a row after which the address is locked out of that email for lockMs. */
  lockAfterFailures: number;
  /** Wait after the first failure beyond the free ones; each further failure doubles it. */
  firstDelayMs: number;
  lockMs: number;
}
export const LOGIN_THROTTLE: LoginThrottle = { freeFailures: 3, lockAfterFailures: 10, firstDelayMs: 1000, lockMs: 15 * 60_000 };

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  /** Interface to listen on; undefined: decided at start-up by listenHost. */
  host: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseMigrationUrl: string | undefined;
  /** Read replica for read-heavy reports (`gw.onReplica()`); undefined: everything reads the primary. */
  databaseReadUrl: string | undefined;
  /** `transaction`: DATABASE_URL leads to a transaction pooler, so no statement is prepared by name. */
  databasePoolMode: 'session' | 'transaction';
  /** Seed the demo programme into an empty database. Off in production unless asked for. */
  demo: boolean;
  demoPassword: string | undefined;
  sessionSecret: string | undefined;
  dataKeys: string | undefined;
  blindIndexKey: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** false, a hop count, or the proxies' addresses (Fastify's trustProxy). */
  trustProxy: false | number | string[];
  logLevel: string;
  /** Files one response may hold, and megabytes (MiB) of files one organisation may hold. */
  attachmentsPerResponse: number;
  attachmentMbPerOrganisation: number;
  /** Login attempts allowed per IP and minute before 429. */
  loginRateLimitPerMinute: number;
  loginThrottle: LoginThrottle;
  /** Outgoing mail; undefined: no emails, the admin sees the set-password links. */
  smtp: { url: string; from: string; publicUrl: string } | undefined;
  /** Lesson files: local directory or an S3-compatible bucket (see server/storage). */
  storage: StorageConfig;
  /** Background exports this server runs at once (0: it only queues them). */
  exportWorkers: number;
  /** A download its client stops reading is given up after this long (see http/download-timeout.ts). */
  downloadIdleMs: number;
}

export type StorageConfig =
  | { kind: 'local'; dir: string }
  | { kind: 's3'; bucket: string; region: string; endpoint: string | undefined; accessKeyId: string | undefined; secretAccessKey: string | undefined; forcePathStyle: boolean };

export class ConfigError extends Error {}

/** Reads and validates the environment; bad values throw a one-line ConfigError naming each of them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if (e.ERTAD_SMTP_URL && !e.ERTAD_PUBLIC_URL) {
    throw new ConfigError('Invalid configuration: ERTAD_PUBLIC_URL: needed with ERTAD_SMTP_URL (the links in emails point there)');
  }
  if (e.DATABASE_POOL_MODE === 'transaction' && !(e.DATABASE_URL && e.DATABASE_MIGRATION_URL)) {
    // Migrating holds a session-level advisory lock, which a transaction pooler would release on
    // another connection than the one that took it (or never): migrations need a direct connection.
    throw new ConfigError(
      'Invalid configuration: DATABASE_POOL_MODE: transaction pooling needs DATABASE_URL (through the pooler) and DATABASE_MIGRATION_URL (a direct connection, for migrations)',
    );
  }
  if (e.DATABASE_READ_URL && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_READ_URL: a replica of a PostgreSQL server, needs DATABASE_URL');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.ERTAD_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    databasePoolMode: e.DATABASE_POOL_MODE,
    demo: e.ERTAD_DEMO ?? e.NODE_ENV !== 'production',
    demoPassword: e.ERTAD_DEMO_PASSWORD,
    sessionSecret: e.ERTAD_SESSION_SECRET,
    dataKeys: e.ERTAD_DATA_KEYS,
    blindIndexKey: e.ERTAD_BLIND_INDEX_KEY,
    sessionIdleMinutes: e.ERTAD_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.ERTAD_SESSION_MAX_HOURS,
    trustProxy: e.ERTAD_TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    attachmentsPerResponse: e.ERTAD_ATTACHMENTS_PER_RESPONSE,
    attachmentMbPerOrganisation: e.ERTAD_ATTACHMENT_MB_PER_ORGANISATION,
    loginRateLimitPerMinute: e.ERTAD_LOGIN_RATE_LIMIT,
    loginThrottle: LOGIN_THROTTLE,
    smtp: e.ERTAD_SMTP_URL && e.ERTAD_PUBLIC_URL
      ? { url: e.ERTAD_SMTP_URL, from: e.ERTAD_SMTP_FROM ?? 'Ertad <no-reply@localhost>', publicUrl: e.ERTAD_PUBLIC_URL.replace(/\/+$/, '') }
      : undefined,
    storage: storageConfig(e),
    exportWorkers: e.ERTAD_EXPORT_WORKERS,
    downloadIdleMs: e.ERTAD_DOWNLOAD_IDLE_SECONDS * 1000,
  };
}

function storageConfig(e: z.infer<typeof envSchema>): StorageConfig {
  if (e.ERTAD_STORAGE === 'local') return { kind: 'local', dir: e.ERTAD_FILES_DIR ?? `${e.ERTAD_DATA_DIR.replace(/\/+$/, '')}/files` };
  if (!e.ERTAD_S3_BUCKET) throw new ConfigError('Invalid configuration: ERTAD_S3_BUCKET: required when ERTAD_STORAGE=s3');
  return {
    kind: 's3',
    bucket: e.ERTAD_S3_BUCKET,
    region: e.ERTAD_S3_REGION,
    endpoint: e.ERTAD_S3_ENDPOINT,
    accessKeyId: e.ERTAD_S3_ACCESS_KEY_ID,
    secretAccessKey: e.ERTAD_S3_SECRET_ACCESS_KEY,
    forcePathStyle: e.ERTAD_S3_FORCE_PATH_STYLE,
  };
}
