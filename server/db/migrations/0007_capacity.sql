CREATE TABLE "assessment_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"name_ka" text NOT NULL,
	"name_en" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "capacity_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"instrument_version_id" uuid NOT NULL,
	"facilitators" text DEFAULT '' NOT NULL,
	"participants" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'rating' NOT NULL,
	"consensus_response_id" uuid,
	"created_by" uuid,
	CONSTRAINT "capacity_assessments_round_unique" UNIQUE("organisation_id","round_id")
);
--> statement-breakpoint
CREATE TABLE "capacity_plan_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"assessment_id" uuid,
	"sub_area" text NOT NULL,
	"baseline_score" numeric,
	"target_score" numeric,
	"priority" integer DEFAULT 2 NOT NULL,
	"action" text NOT NULL,
	"responsible" text DEFAULT '' NOT NULL,
	"responsible_user_id" uuid,
	"resources" text DEFAULT '' NOT NULL,
	"deadline" date,
	"status" text DEFAULT 'planned' NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "capacity_ratings" (
	"assessment_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"rater_name" text NOT NULL,
	CONSTRAINT "capacity_ratings_assessment_id_response_id_pk" PRIMARY KEY("assessment_id","response_id")
);
--> statement-breakpoint
CREATE TABLE "cso_profiles" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"mission" text DEFAULT '' NOT NULL,
	"legal_form" text DEFAULT '' NOT NULL,
	"year_founded" integer,
	"target_groups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"services" text DEFAULT '' NOT NULL,
	"staff" jsonb DEFAULT '{"women":0,"men":0,"volunteersWomen":0,"volunteersMen":0}'::jsonb NOT NULL,
	"budget_band" text,
	"premises_accessibility" text,
	"key_documents" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"mentor_user_id" uuid,
	"mentor_name" text NOT NULL,
	"held_on" date NOT NULL,
	"participants" text DEFAULT '' NOT NULL,
	"format" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"topics" text DEFAULT '' NOT NULL,
	"plan_action_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"follow_ups" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "supervision_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"supervisor" text NOT NULL,
	"supervisee" text NOT NULL,
	"held_on" date NOT NULL,
	"duration_minutes" integer NOT NULL,
	"type" text NOT NULL,
	"themes" text DEFAULT '' NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "support_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"value" numeric(14, 2) NOT NULL,
	"currency" text NOT NULL,
	"delivered_on" date,
	"plan_action_id" uuid,
	"need" text DEFAULT '' NOT NULL,
	"acceptance_document" text DEFAULT '' NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "capacity_assessments" ADD CONSTRAINT "capacity_assessments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_assessments" ADD CONSTRAINT "capacity_assessments_round_id_assessment_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."assessment_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_assessments" ADD CONSTRAINT "capacity_assessments_instrument_version_id_instrument_versions_id_fk" FOREIGN KEY ("instrument_version_id") REFERENCES "public"."instrument_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_assessments" ADD CONSTRAINT "capacity_assessments_consensus_response_id_responses_id_fk" FOREIGN KEY ("consensus_response_id") REFERENCES "public"."responses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_assessments" ADD CONSTRAINT "capacity_assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_plan_actions" ADD CONSTRAINT "capacity_plan_actions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_plan_actions" ADD CONSTRAINT "capacity_plan_actions_assessment_id_capacity_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."capacity_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_plan_actions" ADD CONSTRAINT "capacity_plan_actions_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_plan_actions" ADD CONSTRAINT "capacity_plan_actions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_ratings" ADD CONSTRAINT "capacity_ratings_assessment_id_capacity_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."capacity_assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_ratings" ADD CONSTRAINT "capacity_ratings_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_ratings" ADD CONSTRAINT "capacity_ratings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cso_profiles" ADD CONSTRAINT "cso_profiles_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ADD CONSTRAINT "mentoring_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ADD CONSTRAINT "mentoring_sessions_mentor_user_id_users_id_fk" FOREIGN KEY ("mentor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ADD CONSTRAINT "mentoring_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_items" ADD CONSTRAINT "support_items_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_items" ADD CONSTRAINT "support_items_plan_action_id_capacity_plan_actions_id_fk" FOREIGN KEY ("plan_action_id") REFERENCES "public"."capacity_plan_actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_items" ADD CONSTRAINT "support_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capacity_assessments_round_idx" ON "capacity_assessments" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "capacity_plan_actions_org_idx" ON "capacity_plan_actions" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "mentoring_sessions_org_idx" ON "mentoring_sessions" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "supervision_sessions_org_idx" ON "supervision_sessions" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "support_items_org_idx" ON "support_items" USING btree ("organisation_id");