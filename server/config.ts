import { z } from 'zod';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  ERTAD_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  ERTAD_DEMO: booleanFlag.optional(),
  ERTAD_DEMO_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  ERTAD_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** `id:base64(32 bytes)[,id:base64...]`: AES-256-GCM keys for personal numbers and case notes; the first seals new values. */
  ERTAD_DATA_KEYS: z.string().min(10).optional(),
  /** base64 of 32 bytes: the key of the blind index (keyed hash) of personal numbers. */
  ERTAD_BLIND_INDEX_KEY: z.string().min(40).optional(),
  ERTAD_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  ERTAD_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  ERTAD_TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Seed the demo programme into an empty database. Off in production unless asked for. */
  demo: boolean;
  demoPassword: string | undefined;
  sessionSecret: string | undefined;
  dataKeys: string | undefined;
  blindIndexKey: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  trustProxy: boolean;
  logLevel: string;
  /** Login attempts allowed per IP and minute before 429. */
  loginRateLimitPerMinute: number;
}

export class ConfigError extends Error {}

/** Reads and validates the environment; a bad value throws a one-line ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${name}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.ERTAD_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    demo: e.ERTAD_DEMO ?? e.NODE_ENV !== 'production',
    demoPassword: e.ERTAD_DEMO_PASSWORD,
    sessionSecret: e.ERTAD_SESSION_SECRET,
    dataKeys: e.ERTAD_DATA_KEYS,
    blindIndexKey: e.ERTAD_BLIND_INDEX_KEY,
    sessionIdleMinutes: e.ERTAD_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.ERTAD_SESSION_MAX_HOURS,
    trustProxy: e.ERTAD_TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    loginRateLimitPerMinute: 20,
  };
}
