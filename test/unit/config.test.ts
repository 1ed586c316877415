import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, dataDir: './data', databaseUrl: undefined, demo: true, logLevel: 'info' });
  });

  it('gives up unread downloads after two minutes unless told otherwise, within 5 s to an hour', () => {
    expect(loadConfig({}).downloadIdleMs).toBe(120_000);
    expect(loadConfig({ ERTAD_DOWNLOAD_IDLE_SECONDS: '30' }).downloadIdleMs).toBe(30_000);
    expect(() => loadConfig({ ERTAD_DOWNLOAD_IDLE_SECONDS: '1' })).toThrow(ConfigError);
    expect(() => loadConfig({ ERTAD_DOWNLOAD_IDLE_SECONDS: 'soon' })).toThrow(/ERTAD_DOWNLOAD_IDLE_SECONDS/);
  });

  it('seeds no demo in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ERTAD_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ ERTAD_DEMO: '0' }).demo).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ERTAD_DEMO: 'maybe' }, 'ERTAD_DEMO'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ERTAD_SESSION_SECRET: 'short' }, 'ERTAD_SESSION_SECRET'],
  ])('rejects %o with a one-line message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(name);
      expect(message).not.toContain('\n');
    }
  });
});

describe('ERTAD_TRUST_PROXY', () => {
  it.each([
    [{}, false],
    [{ ERTAD_TRUST_PROXY: '0' }, false],
    [{ ERTAD_TRUST_PROXY: '1' }, 1],
    [{ ERTAD_TRUST_PROXY: '2' }, 2],
    [{ ERTAD_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8,loopback,::1' }, ['10.0.0.1', '10.0.0.0/8', 'loopback', '::1']],
  ])('%o → %o', (env, expected) => {
    expect(loadConfig(env).trustProxy).toEqual(expected);
  });

  it.each(['true', 'yes', '11', 'any', '10.0.0.0/40', 'example.org'])('refuses %j (trusting any X-Forwarded-For is not offered)', (value) => {
    expect(() => loadConfig({ ERTAD_TRUST_PROXY: value })).toThrow(/ERTAD_TRUST_PROXY/);
  });

  it('HOST is decided at start-up unless given', () => {
    expect(loadConfig({}).host).toBeUndefined();
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('ERTAD_SMTP_URL', () => {
  it('is off by default; with it, ERTAD_PUBLIC_URL is needed and the sender has a default', () => {
    expect(loadConfig({}).smtp).toBeUndefined();
    expect(() => loadConfig({ ERTAD_SMTP_URL: 'smtp://mail.example.ge:587' })).toThrow(/ERTAD_PUBLIC_URL/);
    expect(loadConfig({ ERTAD_SMTP_URL: 'smtps://u:p@mail.example.ge', ERTAD_PUBLIC_URL: 'https://ertad.example.ge/' }).smtp).toEqual({
      url: 'smtps://u:p@mail.example.ge',
      from: 'Ertad <no-reply@localhost>',
      publicUrl: 'https://ertad.example.ge',
    });
    expect(() => loadConfig({ ERTAD_SMTP_URL: 'http://mail.example.ge' })).toThrow(/ERTAD_SMTP_URL/);
    expect(() => loadConfig({ ERTAD_SMTP_URL: 'smtp://mail.example.ge', ERTAD_PUBLIC_URL: 'ftp://x.ge' })).toThrow(/ERTAD_PUBLIC_URL/);
  });
});

describe('DATABASE_READ_URL', () => {
  it('is optional, a PostgreSQL URL, and only next to DATABASE_URL', () => {
    expect(loadConfig({}).databaseReadUrl).toBeUndefined();
    const primary = 'postgres://app@db:5432/ertad';
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'postgres://app@replica:5432/ertad' }).databaseReadUrl).toBe('postgres://app@replica:5432/ertad');
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://app@replica:5432/ertad' })).toThrow(/DATABASE_READ_URL.*DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: 'mysql://replica' })).toThrow(/DATABASE_READ_URL/);
  });
});

describe('DATABASE_POOL_MODE', () => {
  const pooled = 'postgres://app@pgbouncer:6432/ertad';
  const direct = 'postgres://owner@db:5432/ertad';

  it('is session unless a transaction pooler is named', () => {
    expect(loadConfig({}).databasePoolMode).toBe('session');
    expect(loadConfig({ DATABASE_URL: pooled, DATABASE_MIGRATION_URL: direct, DATABASE_POOL_MODE: 'transaction' }).databasePoolMode).toBe('transaction');
    expect(() => loadConfig({ DATABASE_URL: pooled, DATABASE_POOL_MODE: 'statement' })).toThrow(/DATABASE_POOL_MODE/);
  });

  it('needs a direct connection for migrations, which hold a session-level lock', () => {
    expect(() => loadConfig({ DATABASE_URL: pooled, DATABASE_POOL_MODE: 'transaction' })).toThrow(/DATABASE_POOL_MODE.*DATABASE_MIGRATION_URL/);
    expect(() => loadConfig({ DATABASE_POOL_MODE: 'transaction' })).toThrow(/DATABASE_POOL_MODE/);
  });
});

describe('ERTAD_DATA_KEYS and ERTAD_BLIND_INDEX_KEY', () => {
  // What `openssl rand -base64 32` prints: 44 characters.
  const key = () => randomBytes(32).toString('base64');

  it('take keys of exactly 32 bytes, in base64 as openssl prints them or in base64url', () => {
    const config = loadConfig({ ERTAD_DATA_KEYS: `k2:${key()},k1:${randomBytes(32).toString('base64url')}`, ERTAD_BLIND_INDEX_KEY: key() });
    expect(config.dataKeys).toMatch(/^k2:/);
  });

  it('refuse a placeholder, a key of another length or an entry without its id before anything starts', () => {
    expect(() => loadConfig({ ERTAD_DATA_KEYS: 'k1:PASTE-32-RANDOM-BYTES-IN-BASE64' })).toThrow(/ERTAD_DATA_KEYS: each entry must be id:base64 of 32 bytes/);
    expect(() => loadConfig({ ERTAD_DATA_KEYS: key() })).toThrow(/ERTAD_DATA_KEYS/);
    // Long enough, and every character a base64url one, but not a key.
    expect(() => loadConfig({ ERTAD_BLIND_INDEX_KEY: 'PASTE-OTHER-32-RANDOM-BYTES-IN-BASE64xxx' })).toThrow(/ERTAD_BLIND_INDEX_KEY: must be base64 of 32 bytes/);
    // The session secret's command (48 bytes) is not the key's.
    expect(() => loadConfig({ ERTAD_BLIND_INDEX_KEY: randomBytes(48).toString('base64') })).toThrow(/ERTAD_BLIND_INDEX_KEY/);
  });

  it('names every bad setting in the one line, not only the first', () => {
    expect(() => loadConfig({ ERTAD_DATA_KEYS: 'k1:placeholder', ERTAD_BLIND_INDEX_KEY: 'placeholder', ERTAD_SESSION_SECRET: 'short' })).toThrow(
      /^Invalid configuration: ERTAD_SESSION_SECRET: .+; ERTAD_DATA_KEYS: .+; ERTAD_BLIND_INDEX_KEY: .+$/,
    );
  });
});
