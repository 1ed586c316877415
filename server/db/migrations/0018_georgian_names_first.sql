DROP INDEX "organisations_kind_idx";--> statement-breakpoint
DROP INDEX "organisations_kind_name_en_idx";--> statement-breakpoint
DROP INDEX "organisations_name_ka_idx";--> statement-breakpoint
DROP INDEX "organisations_name_en_idx";--> statement-breakpoint
DROP INDEX "users_organisation_name_idx";--> statement-breakpoint
DROP INDEX "users_name_idx";--> statement-breakpoint
DROP INDEX "people_organisation_idx";--> statement-breakpoint
DROP INDEX "people_target_group_idx";--> statement-breakpoint
DROP INDEX "people_surname_idx";--> statement-breakpoint
DROP INDEX "people_target_group_surname_idx";--> statement-breakpoint
DROP INDEX "learning_staff_organisation_idx";--> statement-breakpoint
DROP INDEX "learning_staff_surname_idx";--> statement-breakpoint
CREATE INDEX "organisations_kind_idx" ON "organisations" USING btree ("kind",(case when "name_ka" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"name_ka","id");--> statement-breakpoint
CREATE INDEX "organisations_kind_name_en_idx" ON "organisations" USING btree ("kind",(case when "name_en" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"name_en","id");--> statement-breakpoint
CREATE INDEX "organisations_name_ka_idx" ON "organisations" USING btree ((case when "name_ka" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"name_ka","id");--> statement-breakpoint
CREATE INDEX "organisations_name_en_idx" ON "organisations" USING btree ((case when "name_en" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"name_en","id");--> statement-breakpoint
CREATE INDEX "users_organisation_name_idx" ON "users" USING btree ("organisation_id",(case when "display_name" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"display_name","id");--> statement-breakpoint
CREATE INDEX "users_name_idx" ON "users" USING btree ((case when "display_name" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"display_name","id");--> statement-breakpoint
CREATE INDEX "people_organisation_idx" ON "people" USING btree ("organisation_id",(case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","id");--> statement-breakpoint
CREATE INDEX "people_target_group_idx" ON "people" USING btree ("organisation_id","target_group",(case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","id");--> statement-breakpoint
CREATE INDEX "people_surname_idx" ON "people" USING btree ((case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","id");--> statement-breakpoint
CREATE INDEX "people_target_group_surname_idx" ON "people" USING btree ("target_group",(case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","id");--> statement-breakpoint
CREATE INDEX "learning_staff_organisation_idx" ON "learning_staff" USING btree ("organisation_id",(case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","id");--> statement-breakpoint
CREATE INDEX "learning_staff_surname_idx" ON "learning_staff" USING btree ((case when "surname" ~ '^[\u10D0-\u10FA\u1C90-\u1CBF]' then 0 else 1 end),"surname","id");