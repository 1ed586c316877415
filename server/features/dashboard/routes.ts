import type { FastifyInstance } from 'fastify';
import { keyNumbers as dashboard } from '../../../common/schemas/dashboard';
import { typed } from '../../http/route-helpers';
import { keyNumbers } from './queries';

export async function dashboardRoutes(app: FastifyInstance) {
  typed(app).get('/dashboard', { schema: { tags: ['dashboard'], response: { 200: dashboard } } }, (req) => keyNumbers(req.gw));
}
