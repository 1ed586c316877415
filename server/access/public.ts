import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { learningCertificates } from '../db/schema';

/**
 * The one read of owned data that needs no actor: verifying a certificate by its code (printed on
 * the certificate, random and unguessable). It returns the minimum the public page shows (name,
 * course, date) and nothing else; features receive it as a function, never the database.
 */
export async function verifyCertificate(db: Db, code: string): Promise<{ holderName: string; courseKa: string; courseEn: string; issuedOn: string } | null> {
  const [row] = await db
    .select({ holderName: learningCertificates.holderName, courseKa: learningCertificates.courseKa, courseEn: learningCertificates.courseEn, issuedOn: learningCertificates.issuedOn })
    .from(learningCertificates)
    .where(eq(learningCertificates.code, code));
  return row ?? null;
}
