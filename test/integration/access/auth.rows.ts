import { DEMO_EMAILS } from '../../support/app';
import { everyone, type Row } from './support';

export const rows: Row[] = [
  {
    route: 'POST /api/v1/auth/login',
    targets: ['none'],
    expect: everyone(200),
    send: (client, ctx) => client.post('/api/v1/auth/login', { email: DEMO_EMAILS[ctx.role], password: 'demo-password-for-tests' }),
  },
  {
    route: 'POST /api/v1/auth/logout',
    targets: ['none'],
    expect: everyone(204),
    send: (client) => client.post('/api/v1/auth/logout'),
    ownSession: true,
  },
  {
    route: 'POST /api/v1/auth/set-password',
    targets: ['none'],
    expect: everyone(400),
    send: (client) => client.post('/api/v1/auth/set-password', { token: 'not-a-real-token', password: 'long-enough-password' }),
  },
  {
    route: 'POST /api/v1/auth/forgot-password',
    targets: ['none'],
    // Public, and the same answer for every caller and email.
    expect: everyone(202),
    send: (client, ctx) => client.post('/api/v1/auth/forgot-password', { email: DEMO_EMAILS[ctx.role] }),
  },
  { route: 'GET /api/v1/auth/session', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/auth/session') },
  { route: 'GET /api/v1/me', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/me') },
  { route: 'PATCH /api/v1/me', targets: ['none'], expect: everyone(200), send: (c) => c.patch('/api/v1/me', { language: 'ka' }) },
  {
    route: 'POST /api/v1/me/password',
    targets: ['none'],
    // Reaches the password check (wrong current password) for every role.
    expect: everyone(400),
    send: (c) => c.post('/api/v1/me/password', { currentPassword: 'wrong-password', newPassword: 'another-password-1' }),
  },
];
