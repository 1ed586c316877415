CREATE TABLE "learning_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"enrolment_id" uuid,
	"participant_id" uuid,
	"code" text NOT NULL,
	"holder_name" text NOT NULL,
	"course_ka" text NOT NULL,
	"course_en" text NOT NULL,
	"hours" real NOT NULL,
	"issued_on" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_certificates_enrolment_id_unique" UNIQUE("enrolment_id"),
	CONSTRAINT "learning_certificates_participant_id_unique" UNIQUE("participant_id"),
	CONSTRAINT "learning_certificates_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "learning_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"module_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_lesson_id" uuid,
	"test_response_id" uuid,
	"test_score" real,
	"passed" boolean,
	"completed_at" timestamp with time zone,
	CONSTRAINT "learning_enrolments_staff_module_unique" UNIQUE("staff_id","module_id")
);
--> statement-breakpoint
CREATE TABLE "learning_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lesson_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_files_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "learning_lessons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"module_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"title_ka" text NOT NULL,
	"title_en" text NOT NULL,
	"body_ka" text DEFAULT '' NOT NULL,
	"body_en" text DEFAULT '' NOT NULL,
	"video_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published" jsonb,
	"published_number" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "learning_modules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"package_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title_ka" text NOT NULL,
	"title_en" text NOT NULL,
	"summary_ka" text DEFAULT '' NOT NULL,
	"summary_en" text DEFAULT '' NOT NULL,
	"hours" real DEFAULT 1 NOT NULL,
	"test_instrument_id" uuid,
	"pass_mark" real DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	CONSTRAINT "learning_modules_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "learning_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"code" text NOT NULL,
	"title_ka" text NOT NULL,
	"title_en" text NOT NULL,
	"description_ka" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	CONSTRAINT "learning_packages_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "learning_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"training_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	"attendance" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pre_score" real,
	"post_score" real,
	CONSTRAINT "learning_participants_training_staff_unique" UNIQUE("training_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "learning_progress" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "learning_progress_enrolment_lesson_unique" UNIQUE("enrolment_id","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "learning_staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"given_name" text NOT NULL,
	"surname" text NOT NULL,
	"sex" text NOT NULL,
	"birth_year" integer,
	"position" text DEFAULT '' NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"wg" jsonb,
	"disability" boolean,
	"user_id" uuid,
	CONSTRAINT "learning_staff_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "learning_trainings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"module_id" uuid,
	"package_id" uuid,
	"title_ka" text NOT NULL,
	"title_en" text NOT NULL,
	"trainers" text DEFAULT '' NOT NULL,
	"days" jsonb NOT NULL,
	"hours_per_day" real DEFAULT 6 NOT NULL,
	"venue" text DEFAULT '' NOT NULL,
	"municipality_id" uuid,
	"online" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"pass_mark" real DEFAULT 70 NOT NULL,
	"starts_on" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learning_certificates" ADD CONSTRAINT "learning_certificates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_certificates" ADD CONSTRAINT "learning_certificates_staff_id_learning_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."learning_staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_certificates" ADD CONSTRAINT "learning_certificates_enrolment_id_learning_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."learning_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_certificates" ADD CONSTRAINT "learning_certificates_participant_id_learning_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."learning_participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_enrolments" ADD CONSTRAINT "learning_enrolments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_enrolments" ADD CONSTRAINT "learning_enrolments_staff_id_learning_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."learning_staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_enrolments" ADD CONSTRAINT "learning_enrolments_module_id_learning_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."learning_modules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_files" ADD CONSTRAINT "learning_files_lesson_id_learning_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."learning_lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_lessons" ADD CONSTRAINT "learning_lessons_module_id_learning_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."learning_modules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_modules" ADD CONSTRAINT "learning_modules_package_id_learning_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."learning_packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_modules" ADD CONSTRAINT "learning_modules_test_instrument_id_instruments_id_fk" FOREIGN KEY ("test_instrument_id") REFERENCES "public"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_participants" ADD CONSTRAINT "learning_participants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_participants" ADD CONSTRAINT "learning_participants_training_id_learning_trainings_id_fk" FOREIGN KEY ("training_id") REFERENCES "public"."learning_trainings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_participants" ADD CONSTRAINT "learning_participants_staff_id_learning_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."learning_staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_progress" ADD CONSTRAINT "learning_progress_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_progress" ADD CONSTRAINT "learning_progress_enrolment_id_learning_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."learning_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_progress" ADD CONSTRAINT "learning_progress_lesson_id_learning_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."learning_lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_staff" ADD CONSTRAINT "learning_staff_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_staff" ADD CONSTRAINT "learning_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_trainings" ADD CONSTRAINT "learning_trainings_module_id_learning_modules_id_fk" FOREIGN KEY ("module_id") REFERENCES "public"."learning_modules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_trainings" ADD CONSTRAINT "learning_trainings_package_id_learning_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."learning_packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_trainings" ADD CONSTRAINT "learning_trainings_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "learning_certificates_staff_idx" ON "learning_certificates" USING btree ("staff_id");--> statement-breakpoint
CREATE INDEX "learning_certificates_organisation_idx" ON "learning_certificates" USING btree ("organisation_id","issued_on","id");--> statement-breakpoint
CREATE INDEX "learning_certificates_issued_idx" ON "learning_certificates" USING btree ("issued_on","id");--> statement-breakpoint
CREATE INDEX "learning_enrolments_organisation_idx" ON "learning_enrolments" USING btree ("organisation_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "learning_enrolments_updated_idx" ON "learning_enrolments" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "learning_files_lesson_idx" ON "learning_files" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "learning_lessons_module_idx" ON "learning_lessons" USING btree ("module_id","position");--> statement-breakpoint
CREATE INDEX "learning_modules_package_idx" ON "learning_modules" USING btree ("package_id","position");--> statement-breakpoint
CREATE INDEX "learning_participants_organisation_idx" ON "learning_participants" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "learning_staff_organisation_idx" ON "learning_staff" USING btree ("organisation_id","surname","id");--> statement-breakpoint
CREATE INDEX "learning_staff_surname_idx" ON "learning_staff" USING btree ("surname","id");--> statement-breakpoint
CREATE INDEX "learning_staff_created_idx" ON "learning_staff" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "learning_trainings_starts_idx" ON "learning_trainings" USING btree ("starts_on","id");