DROP INDEX "people_organisation_idx";--> statement-breakpoint
DROP INDEX "people_target_group_idx";--> statement-breakpoint
DROP INDEX "people_surname_idx";--> statement-breakpoint
DROP INDEX "people_target_group_surname_idx";--> statement-breakpoint
DROP INDEX "learning_staff_organisation_idx";--> statement-breakpoint
DROP INDEX "learning_staff_surname_idx";--> statement-breakpoint
CREATE INDEX "people_organisation_idx" ON "people" USING btree ("organisation_id",(case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","given_name","id");--> statement-breakpoint
CREATE INDEX "people_target_group_idx" ON "people" USING btree ("organisation_id","target_group",(case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","given_name","id");--> statement-breakpoint
CREATE INDEX "people_surname_idx" ON "people" USING btree ((case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","given_name","id");--> statement-breakpoint
CREATE INDEX "people_target_group_surname_idx" ON "people" USING btree ("target_group",(case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","given_name","id");--> statement-breakpoint
CREATE INDEX "learning_staff_organisation_idx" ON "learning_staff" USING btree ("organisation_id",(case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","given_name","id");--> statement-breakpoint
CREATE INDEX "learning_staff_surname_idx" ON "learning_staff" USING btree ((case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","given_name","id");