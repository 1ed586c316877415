import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ORGANISATION_KINDS } from '../../../common/roles';
import { typed } from '../../http/route-helpers';
import { keyNumbers } from './service';

const dashboard = z.object({
  organisationsByKind: z.record(z.enum(ORGANISATION_KINDS), z.number().int()),
  activeUsers: z.number().int(),
  municipalities: z.number().int(),
});

export async function dashboardRoutes(app: FastifyInstance) {
  typed(app).get('/dashboard', { schema: { tags: ['dashboard'], response: { 200: dashboard } } }, (req) => keyNumbers(req.gw));
}
