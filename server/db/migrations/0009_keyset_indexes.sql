DROP INDEX "responses_organisation_updated_idx";--> statement-breakpoint
DROP INDEX "responses_updated_idx";--> statement-breakpoint
DROP INDEX "responses_organisation_status_updated_idx";--> statement-breakpoint
DROP INDEX "responses_version_idx";--> statement-breakpoint
DROP INDEX "responses_subject_idx";--> statement-breakpoint
DROP INDEX "capacity_plan_actions_org_idx";--> statement-breakpoint
DROP INDEX "mentoring_sessions_org_idx";--> statement-breakpoint
DROP INDEX "supervision_sessions_org_idx";--> statement-breakpoint
DROP INDEX "support_items_org_idx";--> statement-breakpoint
DROP INDEX "cases_organisation_idx";--> statement-breakpoint
DROP INDEX "cases_person_idx";--> statement-breakpoint
DROP INDEX "people_organisation_idx";--> statement-breakpoint
DROP INDEX "referrals_to_idx";--> statement-breakpoint
DROP INDEX "services_organisation_idx";--> statement-breakpoint
CREATE INDEX "organisations_kind_name_en_idx" ON "organisations" USING btree ("kind","name_en","id");--> statement-breakpoint
CREATE INDEX "users_email_idx" ON "users" USING btree ("email","id");--> statement-breakpoint
CREATE INDEX "users_last_login_idx" ON "users" USING btree (coalesce("last_login_at", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "instruments_title_ka_idx" ON "instruments" USING btree ("title_ka","id");--> statement-breakpoint
CREATE INDEX "instruments_title_en_idx" ON "instruments" USING btree ("title_en","id");--> statement-breakpoint
CREATE INDEX "instruments_purpose_idx" ON "instruments" USING btree ("purpose","title_ka","id");--> statement-breakpoint
CREATE INDEX "responses_status_updated_idx" ON "responses" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "capacity_plan_actions_deadline_idx" ON "capacity_plan_actions" USING btree ("organisation_id",coalesce("deadline", 'infinity'::date),"priority","id");--> statement-breakpoint
CREATE INDEX "mentoring_sessions_held_idx" ON "mentoring_sessions" USING btree ("held_on","id");--> statement-breakpoint
CREATE INDEX "supervision_sessions_held_idx" ON "supervision_sessions" USING btree ("held_on","id");--> statement-breakpoint
CREATE INDEX "cases_organisation_status_idx" ON "cases" USING btree ("organisation_id","status","opened_on","id");--> statement-breakpoint
CREATE INDEX "people_organisation_created_idx" ON "people" USING btree ("organisation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "referrals_from_idx" ON "referrals" USING btree ("organisation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "services_type_idx" ON "services" USING btree ("organisation_id","type","name_ka","id");--> statement-breakpoint
CREATE INDEX "responses_organisation_updated_idx" ON "responses" USING btree ("organisation_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "responses_updated_idx" ON "responses" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "responses_organisation_status_updated_idx" ON "responses" USING btree ("organisation_id","status","updated_at","id");--> statement-breakpoint
CREATE INDEX "responses_version_idx" ON "responses" USING btree ("instrument_version_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "responses_subject_idx" ON "responses" USING btree ("subject_type","subject_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "capacity_plan_actions_org_idx" ON "capacity_plan_actions" USING btree ("organisation_id","priority",coalesce("baseline_score", 'infinity'::numeric),coalesce("deadline", 'infinity'::date),"id");--> statement-breakpoint
CREATE INDEX "mentoring_sessions_org_idx" ON "mentoring_sessions" USING btree ("organisation_id","held_on","id");--> statement-breakpoint
CREATE INDEX "supervision_sessions_org_idx" ON "supervision_sessions" USING btree ("organisation_id","held_on","id");--> statement-breakpoint
CREATE INDEX "support_items_org_idx" ON "support_items" USING btree ("organisation_id",coalesce("delivered_on", 'infinity'::date),"id");--> statement-breakpoint
CREATE INDEX "cases_organisation_idx" ON "cases" USING btree ("organisation_id","opened_on","id");--> statement-breakpoint
CREATE INDEX "cases_person_idx" ON "cases" USING btree ("person_id","opened_on","id");--> statement-breakpoint
CREATE INDEX "people_organisation_idx" ON "people" USING btree ("organisation_id","surname","id");--> statement-breakpoint
CREATE INDEX "referrals_to_idx" ON "referrals" USING btree ("to_organisation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "services_organisation_idx" ON "services" USING btree ("organisation_id","name_ka","id");