DROP INDEX "case_sessions_case_idx";--> statement-breakpoint
CREATE INDEX "case_sessions_case_held_idx" ON "case_sessions" USING btree ("case_id","held_on","id");