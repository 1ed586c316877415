import { boolean, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ORGANISATION_KINDS } from '../../../common/roles';
import { byName } from '../name-order';
import { recordColumns } from './columns';
import { municipalities } from './places';

export const organisations = pgTable(
  'organisations',
  {
    ...recordColumns,
    kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
    nameKa: text('name_ka').notNull(),
    nameEn: text('name_en').notNull(),
    shortName: text('short_name'),
    registrationNumber: text('registration_number'),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    website: text('website'),
    active: boolean('active').notNull().default(true),
  },
  // The list sorts by the name in the reader's language (Georgian first: `byName`; or kind,
  // creation), ties by id.
  (t) => [
    index('organisations_kind_idx').on(t.kind, ...byName(t.nameKa), t.id),
    index('organisations_kind_name_en_idx').on(t.kind, ...byName(t.nameEn), t.id),
    index('organisations_name_ka_idx').on(...byName(t.nameKa), t.id),
    index('organisations_name_en_idx').on(...byName(t.nameEn), t.id),
    index('organisations_created_idx').on(t.createdAt, t.id),
  ],
);

/** The municipalities an organisation works in (a municipality organisation: its own one). */
export const organisationMunicipalities = pgTable(
  'organisation_municipalities',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.municipalityId] }),
    index('organisation_municipalities_municipality_idx').on(t.municipalityId),
  ],
);
