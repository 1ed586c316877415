import { adminOnly, type Row } from './support';

export const rows: Row[] = [
  { route: 'GET /api/v1/audit', targets: ['none'], expect: adminOnly(200), send: (c) => c.get('/api/v1/audit') },
  { route: 'GET /api/v1/audit/export', targets: ['none'], expect: adminOnly(200), send: (c) => c.get('/api/v1/audit/export?format=csv') },
];
