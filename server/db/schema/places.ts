import { index, text, uuid } from 'drizzle-orm/pg-core';
import { pgTable } from 'drizzle-orm/pg-core';
import { recordColumns } from './columns';

/** Regions and municipalities are reference data an admin edits; nothing in code names them. */
export const regions = pgTable('regions', {
  ...recordColumns,
  code: text('code').notNull().unique(),
  nameKa: text('name_ka').notNull(),
  nameEn: text('name_en').notNull(),
});

export const municipalities = pgTable(
  'municipalities',
  {
    ...recordColumns,
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    nameKa: text('name_ka').notNull(),
    nameEn: text('name_en').notNull(),
  },
  (t) => [index('municipalities_region_idx').on(t.regionId)],
);
