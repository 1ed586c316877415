CREATE INDEX "people_surname_idx" ON "people" USING btree ("surname","id");--> statement-breakpoint
CREATE INDEX "people_created_idx" ON "people" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "people_target_group_surname_idx" ON "people" USING btree ("target_group","surname","id");--> statement-breakpoint
CREATE INDEX "people_target_group_created_only_idx" ON "people" USING btree ("target_group","created_at","id");