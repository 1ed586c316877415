import { and, asc, eq } from 'drizzle-orm';
import { formLabel } from '../../../common/form-labels';
import type { Definition } from '../../../common/instruments/definition';
import { evaluateForm } from '../../../common/instruments/form-state';
import { scoreForm } from '../../../common/instruments/scoring';
import { writeAudit } from '../../audit/log';
import type { Db } from '../client';
import {
  assessmentRounds,
  capacityAssessments,
  capacityPlanActions,
  capacityRatings,
  csoProfiles,
  instrumentVersions,
  instruments,
  mentoringSessions,
  organisations,
  responses,
  supervisionSessions,
  supportItems,
  users,
} from '../schema';

// The demo programme's capacity data: a baseline and a midline round in which every demo CSO was
// assessed (consensus scores, plus two raters' forms for the first CSO), so results, change and
// the heat map show real data on first start; and for the demo CSO a profile, a development plan
// from its baseline (one action overdue), mentoring, supervision and support. Scores are made up
// but deterministic.

const ROUNDS = [
  { kind: 'baseline', nameKa: 'საბაზისო შეფასება 2025', nameEn: 'Baseline assessment 2025', startsOn: '2025-02-01', endsOn: '2025-04-30' },
  { kind: 'midline', nameKa: 'შუალედური შეფასება 2026', nameEn: 'Midline assessment 2026', startsOn: '2026-03-01', endsOn: '2026-05-31' },
] as const;

/** Score questions of every sub-area, in definition order (domain → sub-area → `<sub>_score`). */
function scoreQuestions(definition: Definition): { subArea: string; label: string; question: string }[] {
  return definition.items.flatMap((domain) =>
    domain.kind !== 'group'
      ? []
      : domain.items.flatMap((sub) =>
          sub.kind !== 'group' ? [] : sub.items.filter((q) => q.kind === 'question' && q.name.endsWith('_score')).map((q) => ({ subArea: sub.name, label: sub.label.ka ?? sub.name, question: q.name })),
        ),
  );
}

/** 1–3 at baseline; at midline mostly one step up, some the same, a few one down. */
function demoScore(cso: number, sub: number, round: 0 | 1): number {
  const baseline = 1 + ((cso * 7 + sub * 5) % 3);
  if (round === 0) return baseline;
  const turn = (cso + sub) % 11;
  return turn === 0 ? Math.max(1, baseline - 1) : turn % 3 === 0 ? baseline : Math.min(4, baseline + 1);
}

/** Seeds the demo capacity data when the demo programme has none; needs the built-in GESI-OCA. */
export async function seedDemoCapacity(db: Db): Promise<boolean> {
  const [existing] = await db.select({ id: assessmentRounds.id }).from(assessmentRounds).limit(1);
  if (existing) return false;
  const [gesi] = await db
    .select({ id: instrumentVersions.id, definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(and(eq(instruments.code, 'gesi_oca'), eq(instrumentVersions.status, 'published')))
    .orderBy(asc(instrumentVersions.number))
    .limit(1);
  if (!gesi) return false;
  const csos = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'cso')).orderBy(asc(organisations.registrationNumber));
  if (csos.length === 0) return false;
  const [manager] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'cso.manager@demo.ertad.ge'));
  const [mentor] = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.email, 'mentor@demo.ertad.ge'));
  const questions = scoreQuestions(gesi.definition);

  const form = (organisationId: string, label: string, scoreOf: (sub: number) => number, submittedAt: Date) => {
    const answers = Object.fromEntries(questions.map((q, i) => [q.question, String(scoreOf(i))]));
    const score = scoreForm(gesi.definition, evaluateForm(gesi.definition, answers));
    return { instrumentVersionId: gesi.id, organisationId, label, subjectType: 'organisation' as const, subjectId: organisationId, status: 'submitted' as const, answers, score, submittedAt };
  };

  await db.transaction(async (tx) => {
    const rounds = await tx.insert(assessmentRounds).values([...ROUNDS]).returning({ id: assessmentRounds.id });
    let baselineOfDemoCso: string | undefined;
    for (const [r, round] of rounds.entries()) {
      const on = new Date(`${ROUNDS[r]!.startsOn}T10:00:00Z`);
      for (const [c, cso] of csos.entries()) {
        const label = formLabel({ kind: 'capacityConsensus', roundId: round.id });
        const [consensus] = await tx.insert(responses).values(form(cso.id, label, (s) => demoScore(c, s, r as 0 | 1), on)).returning({ id: responses.id });
        const [assessment] = await tx
          .insert(capacityAssessments)
          .values({ organisationId: cso.id, roundId: round.id, instrumentVersionId: gesi.id, facilitators: 'თამარ ლომიძე', participants: 'დირექტორი, ბუღალტერი, სოციალური მუშაკი', status: 'final', consensusResponseId: consensus!.id })
          .returning({ id: capacityAssessments.id });
        if (c === 0) {
          if (r === 0) baselineOfDemoCso = assessment!.id;
          // Two raters who scored independently, one a step more critical than the consensus.
          for (const [raterName, shift] of [['ეკა ჯაფარიძე', 0], ['ლევან მაისურაძე', -1]] as const) {
            const [rater] = await tx
              .insert(responses)
              .values(form(cso.id, formLabel({ kind: 'capacityRating', roundId: round.id, rater: raterName }), (s) => Math.max(1, demoScore(c, s, r as 0 | 1) + (s % 2 ? shift : 0)), on))
              .returning({ id: responses.id });
            await tx.insert(capacityRatings).values({ assessmentId: assessment!.id, responseId: rater!.id, organisationId: cso.id, raterName });
          }
        }
      }
    }

    const demoCso = csos[0]!.id;
    await tx.insert(csoProfiles).values({
      organisationId: demoCso,
      mission: 'შშმ ბავშვებისა და მათი ოჯახების სრულფასოვანი ჩართულობა თემის ცხოვრებაში.',
      legalForm: 'ა(ა)იპ',
      yearFounded: 2009,
      targetGroups: ['children_disabilities', 'families_at_risk'],
      services: 'დღის ცენტრი, ადრეული ინტერვენცია, ოჯახის კონსულტირება',
      staff: { women: 14, men: 3, volunteersWomen: 6, volunteersMen: 2 },
      budgetBand: '50k_200k',
      premisesAccessibility: 'partial',
      keyDocuments: 'წესდება (2019), ბავშვთა დაცვის პოლიტიკა (2024)',
    });
    // The development plan from the baseline: the lowest sub-areas, one overdue, one done.
    const low = questions.map((q, i) => ({ ...q, score: demoScore(0, i, 0) })).filter((q) => q.score <= 2).slice(0, 6);
    const actionIds: string[] = [];
    for (const [i, q] of low.entries()) {
      const [row] = await tx
        .insert(capacityPlanActions)
        .values({
          organisationId: demoCso,
          assessmentId: baselineOfDemoCso ?? null,
          subArea: q.subArea,
          baselineScore: q.score,
          targetScore: Math.min(4, q.score + 1),
          priority: q.score < 1.75 ? 1 : 2,
          action: `გასაძლიერებელი: ${q.label}`,
          responsible: 'ეკა ჯაფარიძე',
          responsibleUserId: manager?.id ?? null,
          resources: i % 2 ? 'მენტორის კონსულტაცია' : 'ტრენინგი',
          deadline: ['2025-09-30', '2026-12-31', '2027-03-31'][i % 3]!,
          status: i === 0 ? 'in_progress' : i === 1 ? 'done' : 'planned',
          evidence: i === 1 ? 'დამტკიცებული დოკუმენტი' : '',
        })
        .returning({ id: capacityPlanActions.id });
      actionIds.push(row!.id);
    }
    await tx.insert(mentoringSessions).values([
      { organisationId: demoCso, mentorUserId: mentor?.id ?? null, mentorName: mentor?.displayName ?? 'Mentor', heldOn: '2025-05-15', participants: 'ეკა ჯაფარიძე, ლევან მაისურაძე', format: 'in_person', durationMinutes: 120, topics: 'განვითარების გეგმის შედგენა', planActionIds: actionIds.slice(0, 2), followUps: [{ text: 'ბიუჯეტის პროექტის მომზადება', dueOn: '2025-06-15' }], notes: '' },
      { organisationId: demoCso, mentorUserId: mentor?.id ?? null, mentorName: mentor?.displayName ?? 'Mentor', heldOn: '2025-10-02', participants: 'ეკა ჯაფარიძე', format: 'online', durationMinutes: 60, topics: 'შიდა კონტროლი', planActionIds: actionIds.slice(2, 3), followUps: [], notes: '' },
    ]);
    await tx.insert(supervisionSessions).values([
      { organisationId: demoCso, supervisor: 'ნინო ბერიძე', supervisee: 'ლევან მაისურაძე', heldOn: '2025-06-10', durationMinutes: 90, type: 'individual', themes: 'შემთხვევის მართვა' },
      { organisationId: demoCso, supervisor: 'ნინო ბერიძე', supervisee: 'ლევან მაისურაძე', heldOn: '2025-09-12', durationMinutes: 60, type: 'case_consultation', themes: 'რეფერირება' },
    ]);
    await tx.insert(supportItems).values([
      { organisationId: demoCso, category: 'accessibility', description: 'პანდუსი და ხელმისაწვდომი სველი წერტილი', value: 8500, currency: 'GEL', deliveredOn: '2025-08-20', planActionId: null, need: 'შენობის ხელმისაწვდომობა', acceptanceDocument: 'მიღება-ჩაბარების აქტი №12' },
      { organisationId: demoCso, category: 'it', description: 'ლეპტოპები (2)', value: 1400, currency: 'EUR', deliveredOn: '2025-07-01', planActionId: null, need: 'საინფორმაციო ტექნოლოგიები', acceptanceDocument: 'ზედნადები №45' },
    ]);
    await writeAudit(tx, { action: 'seed_demo', entityType: 'capacity_assessment' });
  });
  return true;
}
