import type { Gateway } from '../../access/gateway';
import { PROGRAMME } from '../../access/registry';

// Reads of reference data: every signed-in user reads regions and municipalities.

const { regions, municipalities } = PROGRAMME;

export function listRegions(gw: Gateway) {
  return gw.programme.rows(regions).orderBy(regions.code);
}

export function listMunicipalities(gw: Gateway) {
  return gw.programme.rows(municipalities).orderBy(municipalities.nameEn);
}
