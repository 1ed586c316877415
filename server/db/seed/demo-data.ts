import type { OrganisationKind, Role } from '../../../common/roles';

// The demo programme: Georgia's real regions, municipalities and the programme's consortium,
// fictional CSOs and people. This is seed data only; nothing in the application refers to it by name.

export const DEMO_REGIONS = [
  { code: 'GE-KA', nameKa: 'კახეთი', nameEn: 'Kakheti' },
  { code: 'GE-IM', nameKa: 'იმერეთი', nameEn: 'Imereti' },
  { code: 'GE-SJ', nameKa: 'სამცხე-ჯავახეთი', nameEn: 'Samtskhe-Javakheti' },
  { code: 'GE-AJ', nameKa: 'აჭარა', nameEn: 'Adjara' },
] as const;

/** `genitive` builds Georgian organisation names ("თელავის …" = "of Telavi"). */
export const DEMO_MUNICIPALITIES = [
  { region: 'GE-KA', nameKa: 'თელავი', genitive: 'თელავის', nameEn: 'Telavi' },
  { region: 'GE-KA', nameKa: 'ახმეტა', genitive: 'ახმეტის', nameEn: 'Akhmeta' },
  { region: 'GE-KA', nameKa: 'გურჯაანი', genitive: 'გურჯაანის', nameEn: 'Gurjaani' },
  { region: 'GE-IM', nameKa: 'ქუთაისი', genitive: 'ქუთაისის', nameEn: 'Kutaisi' },
  { region: 'GE-IM', nameKa: 'ბაღდათი', genitive: 'ბაღდათის', nameEn: 'Baghdati' },
  { region: 'GE-SJ', nameKa: 'ბორჯომი', genitive: 'ბორჯომის', nameEn: 'Borjomi' },
  { region: 'GE-SJ', nameKa: 'ახალციხე', genitive: 'ახალციხის', nameEn: 'Akhaltsikhe' },
  { region: 'GE-AJ', nameKa: 'ბათუმი', genitive: 'ბათუმის', nameEn: 'Batumi' },
  { region: 'GE-AJ', nameKa: 'ხელვაჩაური', genitive: 'ხელვაჩაურის', nameEn: 'Khelvachauri' },
] as const;

export const DEMO_CONSORTIUM = [
  { shortName: 'WVGF', nameKa: 'ფონდი „ვორლდ ვიჟენ საქართველო“', nameEn: 'World Vision Georgia Foundation' },
  { shortName: 'ANIKA', nameKa: 'ანიკა', nameEn: 'ANIKA' },
  { shortName: 'BSI', nameKa: 'ხიდი სოციალური ინკლუზიისთვის', nameEn: 'Bridge for Social Inclusion' },
  { shortName: 'KADC', nameKa: 'კახეთის რეგიონული განვითარების ცენტრი', nameEn: 'Kakheti Regional Development Center' },
  { shortName: 'CER', nameKa: 'ცვლილებები თანასწორი უფლებებისთვის', nameEn: 'Changes for Equal Rights' },
] as const;

export const DEMO_DONOR = {
  shortName: 'BMZ',
  nameKa: 'გერმანიის ეკონომიკური თანამშრომლობისა და განვითარების ფედერალური სამინისტრო',
  nameEn: 'Federal Ministry for Economic Cooperation and Development (BMZ)',
};

/** Three fictional CSOs per municipality: 9 × 3 = 27. */
export const DEMO_CSO_THEMES = [
  { ka: 'ინკლუზიური განვითარების ცენტრი', en: 'Inclusive Development Centre' },
  { ka: 'ოჯახის მხარდაჭერის ასოციაცია', en: 'Family Support Association' },
  { ka: 'შშმ ბავშვთა მშობლების კავშირი', en: 'Union of Parents of Children with Disabilities' },
] as const;

export interface DemoUser {
  email: string;
  displayName: string;
  roles: Role[];
  /** Which demo organisation the user belongs to. */
  organisation: { kind: OrganisationKind; key: string };
}

/** The demo CSO (key '0') is the first Telavi CSO; the monitor works for Telavi's city hall. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@demo.ertad.ge', displayName: 'ნინო ბერიძე', roles: ['admin'], organisation: { kind: 'consortium', key: 'WVGF' } },
  { email: 'programme@demo.ertad.ge', displayName: 'გიორგი კაპანაძე', roles: ['programme_manager'], organisation: { kind: 'consortium', key: 'WVGF' } },
  { email: 'mentor@demo.ertad.ge', displayName: 'თამარ ლომიძე', roles: ['mentor'], organisation: { kind: 'consortium', key: 'KADC' } },
  { email: 'cso.manager@demo.ertad.ge', displayName: 'ეკა ჯაფარიძე', roles: ['cso_manager'], organisation: { kind: 'cso', key: '0' } },
  { email: 'caseworker@demo.ertad.ge', displayName: 'ლევან მაისურაძე', roles: ['case_worker'], organisation: { kind: 'cso', key: '0' } },
  { email: 'monitor@demo.ertad.ge', displayName: 'მარიამ გელაშვილი', roles: ['municipal_monitor'], organisation: { kind: 'municipality', key: 'Telavi' } },
  { email: 'donor@demo.ertad.ge', displayName: 'Anna Weber', roles: ['viewer'], organisation: { kind: 'donor', key: 'BMZ' } },
];

/** The mentor is assigned to the CSOs of Telavi and Akhmeta (indexes into the CSO list). */
export const DEMO_MENTOR_CSO_INDEXES = [0, 1, 2, 3, 4, 5];
