import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Gateway } from '../access/gateway';
import type { KeyRing } from '../crypto/sealed';
import { queryRows, type Db } from '../db/client';
import { grants, idempotentRequests, users } from '../db/schema';
import { HttpProblem } from './problem';

/*
 * Idempotency keys: a POST sent with `Idempotency-Key` by a signed-in user is run once per
 * (user, key). A phone on a weak connection whose answer was lost sends the same request again
 * under the same key and gets the first answer back (`Idempotent-Replayed: true`) instead of a
 * second referral, plan or case.
 *
 * How it stays exact:
 * - The row for (user, key) is inserted at the start of the request's first write transaction
 *   (`Gateway.claimBeforeWrite`), so it commits exactly when the write does, and rolls back with
 *   it (a refused or failed write leaves the key free for the next try).
 * - A repeat while the first still runs: its insert meets the first's row (on PostgreSQL it waits
 *   for the first's transaction, which holds the unique key) and rolls its own transaction back;
 *   it is answered with the stored answer, or "still being processed" (409) until that is known.
 * - The answer (status, type, sealed body) is stored when it is sent. Between the commit and that
 *   moment a repeat gets the 409, never a second run.
 * - A key used again for another path or another body is refused (422): it is a client's bug,
 *   and answering it with the other request's answer would be wrong.
 * Rows are the user's own (looked up by their id and the key only) and kept for a day.
 * - A stored answer may hold a person's data (a registration answers with the person). When a
 *   person is erased, the answers that could hold them are withdrawn (`withdrawAnswers`): the body
 *   is dropped, the claim stays, and a repeat is told 410 `answerWithdrawn` ("it was saved, its
 *   answer is no longer kept"), never run a second time.
 * - The answer is stored with a digest of what the user reached then (organisation, roles, reach,
 *   grants); a repeat from a user whose access changed since is refused the same way (410), so a
 *   revoked referral or a lost mentor assignment does not let the old answer be read again. A
 *   deactivated user's session is refused before any of this (401).
 */

/** How long a key is remembered: a repeat later than this runs as a new request. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** Share of claims that also delete expired rows, so the table stays small (like the rate-limit counters). */
const CLEANUP_SHARE = 0.01;
const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

interface Pending {
  userId: string;
  key: string;
  request: string;
  bodyHash: string;
  /** What the requester reaches now (`Gateway.reachDigest`), read when a stored answer is to be sent. */
  access: () => Promise<string>;
}

const pending = new WeakMap<FastifyRequest, Pending>();
/** Keyed uploads waiting for their file's digest (see `uploadDigested`). */
const uploads = new WeakMap<FastifyRequest, (digest: string) => Promise<void>>();

/**
 * Called by the upload readers (server/http/upload.ts) once a keyed multipart request's file is
 * read, with a digest of its name, claimed type and bytes (SHA-256, taken as the bytes pass, so a
 * large file is never held twice). From here the upload is a POST like any other: the key's body
 * hash is that digest, a stored answer stops the handler (the error handler sends it), a key used
 * for another file is 422, and the key is claimed in the upload's write transaction. Without a
 * key, or not signed in, it does nothing.
 */
export async function uploadDigested(request: FastifyRequest, digest: string): Promise<void> {
  const check = uploads.get(request);
  if (!check) return;
  uploads.delete(request);
  await check(digest);
}

/**
 * Thrown inside a write transaction when another request already holds the key: the transaction
 * rolls back, and the error handler calls `answer` (the stored answer, or the problem to send).
 */
export class RepeatedRequest extends Error {
  constructor(readonly answer: (reply: FastifyReply) => Promise<HttpProblem | null>) {
    super('idempotency key already used');
  }
}

const expired = sql`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;

async function storedRow(db: Db, held: Pending) {
  const [row] = await db
    .select({ request: idempotentRequests.request, bodyHash: idempotentRequests.bodyHash, status: idempotentRequests.status, contentType: idempotentRequests.contentType, body: idempotentRequests.body, withdrawnAt: idempotentRequests.withdrawnAt, accessDigest: idempotentRequests.accessDigest })
    .from(idempotentRequests)
    .where(and(eq(idempotentRequests.userId, held.userId), eq(idempotentRequests.key, held.key), gte(idempotentRequests.createdAt, expired)));
  return row;
}

const inProgress = () => new HttpProblem('requestInProgress', [], 'problems.requestInProgressDetail');

/**
 * Answers a request whose key is already held: sends the stored answer (null), or gives the
 * problem to send. `free` when the key is not held (no row, or an expired one): the request runs.
 */
async function answerHeld(db: Db, keys: KeyRing, held: Pending, reply: FastifyReply): Promise<HttpProblem | null | 'free'> {
  const row = await storedRow(db, held);
  if (!row) return 'free';
  if (row.request !== held.request || row.bodyHash !== held.bodyHash) return new HttpProblem('keyReused', [], 'problems.keyReusedDetail');
  // Before "in progress": an answer withdrawn before it was stored is never stored (see onSend).
  if (row.withdrawnAt) return new HttpProblem('answerWithdrawn', [], 'problems.answerWithdrawnDetail');
  if (row.status === null) return inProgress();
  // Sent again only to a user who still reaches what they reached then: a grant revoked or a CSO
  // unassigned since would otherwise be read again through the replay. Any change refuses it,
  // wider access too (rare within the day a key is kept, and the write is done either way).
  if (row.accessDigest !== null && row.accessDigest !== (await held.access())) return new HttpProblem('answerWithdrawn', [], 'problems.answerAccessChangedDetail');
  reply.code(row.status).header('idempotent-replayed', 'true');
  if (row.contentType) reply.header('content-type', row.contentType);
  await reply.send(row.body === null ? undefined : keys.open(row.body));
  return null;
}

/** Keyed (the blind index's HMAC), so the hash of a short body (a personal number) cannot be guessed back. */
function bodyHash(keys: KeyRing, body: unknown): string {
  return keys.blindIndex(`idempotency:${JSON.stringify(body ?? null)}`);
}

export function registerIdempotency(app: FastifyInstance, opts: { db: Db; keys: KeyRing }): void {
  const { db, keys } = opts;

  /** Claims the key (free when checked) in the request's first write transaction. */
  function claim(request: FastifyRequest, gw: Gateway, held: Pending): void {
    pending.set(request, held);
    gw.claimBeforeWrite(async (tx) => {
      const taken = await queryRows<{ key: string }>(
        tx,
        sql`insert into ${idempotentRequests} (user_id, key, request, body_hash)
            values (${held.userId}, ${held.key}, ${held.request}, ${held.bodyHash})
            on conflict (user_id, key) do update set request = excluded.request, body_hash = excluded.body_hash, status = null, content_type = null, body = null, withdrawn_at = null, access_digest = null, created_at = now()
              where ${idempotentRequests.createdAt} < ${expired}
            returning key`,
      );
      // Held by a request that committed meanwhile (a concurrent repeat): this one writes nothing.
      if (taken.length === 0) throw repeated(held);
      if (Math.random() < CLEANUP_SHARE) await tx.delete(idempotentRequests).where(sql`${idempotentRequests.createdAt} < ${expired}`);
    });
  }

  /** Stops a request whose key is held: the error handler sends the stored answer or the problem. */
  function repeated(held: Pending): RepeatedRequest {
    return new RepeatedRequest(async (reply) => {
      const answer = await answerHeld(db, keys, held, reply);
      // Not found again: the holder's row expired in between; the client's next try runs.
      return answer === 'free' ? inProgress() : answer;
    });
  }

  // After authentication and CSRF (onRequest) and validation: only a signed-in user's valid POST.
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const gw = request.gw as Gateway | null;
    const header = request.headers['idempotency-key'];
    if (!gw || header === undefined) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) throw new HttpProblem('validation', [{ field: 'Idempotency-Key', key: 'validation.idempotencyKey' }]);
    const base = { userId: gw.actor.userId, key: header, request: `POST ${request.url}`, access: () => gw.reachDigest() };
    if (request.headers['content-type']?.startsWith('multipart/')) {
      // An upload's file is read by its handler, after this hook: the key is checked and claimed
      // when the upload reader has the file's digest (`uploadDigested`, from server/http/upload.ts).
      // A write before that would run unclaimed: refused, so a route that forgets it fails loudly.
      gw.claimBeforeWrite(() => Promise.reject(new Error('idempotency: an upload wrote before its file was read')));
      uploads.set(request, async (digest) => {
        const held: Pending = { ...base, bodyHash: keys.blindIndex(`idempotency-upload:${digest}`) };
        // Inside the handler: a held key stops it, and the error handler answers (stored answer or problem).
        if (await storedRow(db, held)) throw repeated(held);
        claim(request, gw, held);
      });
      return undefined;
    }
    const held: Pending = { ...base, bodyHash: bodyHash(keys, request.body) };
    // The usual repeat (the first finished long ago) is answered before anything runs.
    const repeat = await answerHeld(db, keys, held, reply);
    if (repeat instanceof HttpProblem) throw repeat;
    if (repeat === null) return reply;
    claim(request, gw, held);
    return undefined;
  });

  // Registered before compression: the answer is stored as the route serialised it.
  app.addHook('onSend', async (request, reply, payload) => {
    const held = pending.get(request);
    const gw = request.gw as Gateway | null;
    if (!held || !gw?.claimHeld) return payload;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    const type = reply.getHeader('content-type');
    try {
      // Read after the write: a request that changed the user's own grants (accepting a referral) is
      // stored with the access its repeat will be checked against.
      const accessDigest = await gw.reachDigest();
      await db
        .update(idempotentRequests)
        .set({ status: reply.statusCode, contentType: typeof type === 'string' ? type : null, body: body === null ? null : keys.seal(body), accessDigest })
        // A withdrawn answer (the person it may hold was erased meanwhile) stays unstored.
        .where(and(eq(idempotentRequests.userId, held.userId), eq(idempotentRequests.key, held.key), isNull(idempotentRequests.withdrawnAt)));
    } catch (error) {
      // The write is saved; a repeat is then told "still being processed" rather than run twice.
      request.log.warn({ err: error }, 'idempotency: answer not stored');
    }
    return payload;
  });
}

/**
 * Withdraws the stored answers that could hold personal data of a person of `organisationId`,
 * in the transaction that erases the person (`Gateway.withdrawStoredAnswers`).
 *
 * The rows do not say which person an answer concerns (the body is sealed, and an answer about a
 * case or a referral names the person without their id in the path), so the rule is by who could
 * have been sent that person's data in the last day: personal data of a CSO's people reaches only
 * that CSO's staff, and outside it only through a grant the CSO gave (an accepted referral's
 * receiver: an organisation, or one user). So the answers withdrawn are those of every user of the
 * organisation, and of every user the organisation's grants reached while a stored answer could
 * be sent (grants ended more than a day ago reach no answer still kept), whatever the answer was
 * about: a few lost-answer replays of other records turn into "saved, answer no longer kept", and
 * no answer holding the person survives the erasure.
 *
 * The body goes (the data is not kept), the claim stays: a repeat is answered 410 and not run.
 * A claim whose answer is not stored yet is marked too, and its answer is then not stored. The
 * current transaction's own claim (the erasure's) is left: its answer holds no personal data.
 *
 * Not covered on PostgreSQL: a write whose transaction runs at the same moment as the erasure and
 * commits after this statement (its claim is not visible to it) keeps an answer that may have read
 * the person before the erasure committed. Closing that needs the erasure to wait for every keyed
 * write in flight (a table lock taken before the claim), which was judged not worth blocking all
 * keyed writes for; the window is the few milliseconds of the erasing transaction.
 */
export async function withdrawAnswers(tx: Db, organisationId: string): Promise<void> {
  const live = (g: typeof grants) => sql`(${g.revokedAt} is null or ${g.revokedAt} >= ${expired}) and (${g.expiresAt} is null or ${g.expiresAt} >= ${expired})`;
  await tx.execute(sql`
    update ${idempotentRequests} set body = null, content_type = null, withdrawn_at = now()
    where ${idempotentRequests.withdrawnAt} is null
      and ${idempotentRequests.createdAt} >= ${expired}
      and xmin <> pg_current_xact_id()::xid
      and ${idempotentRequests.userId} in (
        select ${users.id} from ${users} where ${users.organisationId} = ${organisationId}
        union
        select ${users.id} from ${users} join ${grants} on ${grants.granteeOrganisationId} = ${users.organisationId}
          where ${grants.organisationId} = ${organisationId} and ${live(grants)}
        union
        select ${grants.granteeUserId} from ${grants}
          where ${grants.organisationId} = ${organisationId} and ${grants.granteeUserId} is not null and ${live(grants)}
      )`);
}
