import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { userInput } from '../common/schemas/user';
import { writeAudit } from './audit/log';
import { hashPassword } from './auth/password';
import { passwordProblem } from './auth/password-policy';
import { translate } from '../common/i18n/translate';
import { loadConfig } from './config';
import { failureMessage } from './failure';
import { backupDatabase, restoreDatabase } from './db/backup';
import { openDatabase } from './db/client';
import { migrateAsOwner } from './db/roles';
import { organisations, users } from './db/schema';
import { SCALES, seedSynthetic, type Scale } from './db/seed/synthetic';
import { seedBuiltInInstruments } from './features/instruments/seed';
import { MIN_PASSWORD_LENGTH } from '../common/schemas/user';

const USAGE = `usage: npm run ertad -- create-admin --email EMAIL [--name NAME] [--organisation NAME]
       npm run ertad -- migrate
       npm run ertad -- backup --file FILE.sql      (stop the server first when on PGlite)
       npm run ertad -- restore --file FILE.sql     (into an empty database or a new ERTAD_DATA_DIR)
       npm run seed:synthetic -- --scale tiny|programme|national
The password is asked on the terminal, or read from standard input when it is not a terminal.`;

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  // Ask twice on the terminal without echoing what is typed.
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(prompt);
      const muted = new Writable({ write: (_c, _e, done) => done() });
      const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
      rl.question('', (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  const second = await ask('Repeat password: ');
  if (first !== second) throw new Error('The passwords do not match.');
  return first;
}

async function createAdmin(args: string[]) {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, organisation: { type: 'string' } } });
  const email = userInput.shape.email.safeParse(values.email ?? '');
  if (!email.success) throw new Error(`--email must be an email address.\n${USAGE}`);
  const password = await readPassword();
  const problem = passwordProblem(password);
  if (problem) throw new Error(`${translate('en', problem, { min: MIN_PASSWORD_LENGTH })}.`);

  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, inProcess: true });
  try {
    await migrateAsOwner(database, config.databaseMigrationUrl);
    const db = database.db;
    const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.data));
    if (taken) throw new Error(`A user with the email ${email.data} exists already.`);
    const passwordHash = await hashPassword(password);
    await db.transaction(async (tx) => {
      // The first admin needs an organisation to belong to: the first consortium one, or a new one.
      let [org] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'consortium')).limit(1);
      if (!org) {
        const name = values.organisation ?? 'Consortium';
        [org] = await tx.insert(organisations).values({ kind: 'consortium', nameKa: name, nameEn: name }).returning({ id: organisations.id });
      }
      const [user] = await tx
        .insert(users)
        .values({ email: email.data, displayName: values.name ?? email.data, organisationId: org!.id, roles: ['admin'], passwordHash })
        .returning({ id: users.id });
      await writeAudit(tx, { action: 'create_admin_cli', entityType: 'user', entityId: user!.id, organisationId: org!.id });
    });
    console.log(`Admin ${email.data} created.`);
  } finally {
    await database.close();
  }
}

async function seedSyntheticData(args: string[]) {
  const { values } = parseArgs({ args, options: { scale: { type: 'string', default: 'programme' } } });
  const scale = values.scale as Scale;
  if (!(scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}.\n${USAGE}`);
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, inProcess: true });
  try {
    await migrateAsOwner(database, config.databaseMigrationUrl);
    await seedBuiltInInstruments(database.db);
    console.log(`Seeding ${scale} scale (${JSON.stringify(SCALES[scale])}) into ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}`);
    await seedSynthetic(database.db, scale, (line) => console.log(line));
  } finally {
    await database.close();
  }
}

async function run() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'create-admin') return createAdmin(args);
  if (command === 'seed-synthetic') return seedSyntheticData(args);
  if (command === 'backup' || command === 'restore') {
    const { values } = parseArgs({ args, options: { file: { type: 'string' } } });
    if (!values.file) throw new Error(`--file is required.\n${USAGE}`);
    const config = loadConfig();
    // As the tables' owner when there is one (the server's own environment): the application's
    // role may not read the migration history's sequence, and a restore's tables are the owner's.
    const target = { url: config.databaseUrl && (config.databaseMigrationUrl ?? config.databaseUrl), dataDir: config.dataDir };
    if (command === 'backup') await backupDatabase(target, values.file);
    else await restoreDatabase(target, values.file);
    console.log(command === 'backup' ? `Backup written to ${values.file}.` : `Restored from ${values.file}.`);
    return;
  }
  if (command === 'migrate') {
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, inProcess: true });
    try {
      await migrateAsOwner(database, config.databaseMigrationUrl);
    } finally {
      await database.close();
    }
    console.log('Migrations applied.');
    return;
  }
  console.error(USAGE);
  process.exit(2);
}

run().catch((error: unknown) => {
  console.error(failureMessage(error));
  process.exit(1);
});
