import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  municipality,
  municipalityInput,
  municipalityPatch,
  region,
  regionInput,
  regionPatch,
} from '../../../common/schemas/places';
import { idParams, typed } from '../../http/route-helpers';
import { listMunicipalities, listRegions } from './queries';
import * as places from './service';

const tags = ['places'];
const manage = { permission: 'reference.manage' } as const;

export async function placeRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get('/regions', { schema: { tags, response: { 200: z.array(region) } } }, (req) => listRegions(req.gw));
  r.post('/regions', { config: manage, schema: { tags, body: regionInput, response: { 201: region } } },
    async (req, reply) => reply.code(201).send(await places.createRegion(req.gw, req.body)));
  r.patch('/regions/:id', { config: manage, schema: { tags, params: idParams, body: regionPatch, response: { 200: region } } },
    (req) => places.updateRegion(req.gw, req.params.id, req.body));

  r.get('/municipalities', { schema: { tags, response: { 200: z.array(municipality) } } }, (req) => listMunicipalities(req.gw));
  r.post('/municipalities', { config: manage, schema: { tags, body: municipalityInput, response: { 201: municipality } } },
    async (req, reply) => reply.code(201).send(await places.createMunicipality(req.gw, req.body)));
  r.patch('/municipalities/:id', { config: manage, schema: { tags, params: idParams, body: municipalityPatch, response: { 200: municipality } } },
    (req) => places.updateMunicipality(req.gw, req.params.id, req.body));
}
