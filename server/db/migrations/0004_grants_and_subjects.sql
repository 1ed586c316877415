CREATE TABLE "grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"grantee_organisation_id" uuid,
	"grantee_user_id" uuid,
	"purpose" text NOT NULL,
	"reason" text NOT NULL,
	"granted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "subject_type" text DEFAULT 'organisation' NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_grantee_organisation_id_organisations_id_fk" FOREIGN KEY ("grantee_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_grantee_user_id_users_id_fk" FOREIGN KEY ("grantee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grants_entity_idx" ON "grants" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "grants_grantee_organisation_idx" ON "grants" USING btree ("grantee_organisation_id","entity_type");--> statement-breakpoint
CREATE INDEX "grants_grantee_user_idx" ON "grants" USING btree ("grantee_user_id","entity_type");--> statement-breakpoint
CREATE INDEX "grants_organisation_idx" ON "grants" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "responses_subject_idx" ON "responses" USING btree ("subject_type","subject_id");--> statement-breakpoint
-- Forms filled in before subjects existed: screenings and needs assessments are about a person,
-- tests about a training participant; everything else stays about the organisation.
UPDATE "responses" r SET "subject_type" = CASE i."purpose" WHEN 'test' THEN 'participant' ELSE 'person' END
  FROM "instrument_versions" v JOIN "instruments" i ON i."id" = v."instrument_id"
  WHERE v."id" = r."instrument_version_id" AND i."purpose" IN ('screening', 'needs_assessment', 'test');
