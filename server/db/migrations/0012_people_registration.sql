ALTER TABLE "people" ADD COLUMN "disability_screening_id" uuid;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "disability_instrument" text;--> statement-breakpoint
CREATE INDEX "cases_closed_idx" ON "cases" USING btree ("organisation_id","closed_on","id") WHERE "cases"."status" = 'closed';--> statement-breakpoint
CREATE INDEX "people_target_group_idx" ON "people" USING btree ("organisation_id","target_group","surname","id");--> statement-breakpoint
CREATE INDEX "people_target_group_created_idx" ON "people" USING btree ("organisation_id","target_group","created_at","id");