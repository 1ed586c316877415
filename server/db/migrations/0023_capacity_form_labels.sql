-- Capacity assessment forms were labelled with their round in both languages and who filled them
-- in, in one text ("საბაზისო შეფასება 2025 / Baseline assessment 2025 — კონსენსუსი / consensus"),
-- shown as it was in either language. They now carry the round's id and who filled them in
-- (common/form-labels.ts), named in the reader's language when read. The old labels are rewritten
-- from the records that link the forms to their assessment (never by splitting the text): the
-- assessment's consensus form, and each rater's form with the rater's name as entered. Only labels
-- in the old generated shape change.
UPDATE "responses" SET "label" = 'capacity:' || a."round_id"::text || ':consensus'
FROM "capacity_assessments" a
WHERE a."consensus_response_id" = "responses"."id" AND "responses"."label" LIKE '% / % — %';
--> statement-breakpoint
UPDATE "responses" SET "label" = 'capacity:' || a."round_id"::text || ':rater:' || r."rater_name"
FROM "capacity_ratings" r JOIN "capacity_assessments" a ON a."id" = r."assessment_id"
WHERE r."response_id" = "responses"."id" AND "responses"."label" LIKE '% / % — %';
