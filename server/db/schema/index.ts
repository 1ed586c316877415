export * from './places';
export * from './organisations';
export * from './users';
export * from './audit';
export * from './instruments';
export * from './access';
export * from './cases';
