import { everyone, type Row } from './support';

export const rows: Row[] = [
  { route: 'GET /api/v1/dashboard', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/dashboard') },
];
