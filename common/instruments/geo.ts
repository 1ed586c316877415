/**
 * Location answers (XLSForm geopoint, geotrace, geoshape) are stored as GeoJSON Features, text in
 * the answer: a Point, LineString or Polygon with [longitude, latitude, altitude?] positions, and
 * the device's accuracy in metres in `properties.accuracy` (per point for lines and shapes).
 * Expressions see them as ODK writes them ("lat lon alt acc", points joined by ";"), so forms'
 * selected-at(${where}, 0), area() and distance() work unchanged.
 */

export const GEO_TYPES = ['geopoint', 'geotrace', 'geoshape'] as const;
export type GeoType = (typeof GEO_TYPES)[number];

/** One position as a person or a device gives it. */
export interface GeoPoint {
  lat: number;
  lon: number;
  alt?: number;
  accuracy?: number;
}

interface Feature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: number[] } | { type: 'LineString'; coordinates: number[][] } | { type: 'Polygon'; coordinates: number[][][] };
  properties: { accuracy?: number | (number | null)[] };
}

const position = (p: GeoPoint) => (p.alt !== undefined ? [p.lon, p.lat, p.alt] : [p.lon, p.lat]);
const samePlace = (a: GeoPoint, b: GeoPoint) => a.lat === b.lat && a.lon === b.lon;

export function isValidPoint(p: GeoPoint): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180 && (p.alt === undefined || Number.isFinite(p.alt)) && (p.accuracy === undefined || (Number.isFinite(p.accuracy) && p.accuracy >= 0));
}

/** The GeoJSON text for the points of a geopoint (first point), a trace, or a shape (closed for you). */
export function toGeoJson(type: GeoType, points: GeoPoint[]): string {
  if (points.length === 0) return '';
  const accuracies = points.map((p) => p.accuracy ?? null);
  let feature: Feature;
  if (type === 'geopoint') {
    const p = points[0]!;
    feature = { type: 'Feature', geometry: { type: 'Point', coordinates: position(p) }, properties: p.accuracy !== undefined ? { accuracy: p.accuracy } : {} };
  } else if (type === 'geotrace') {
    feature = { type: 'Feature', geometry: { type: 'LineString', coordinates: points.map(position) }, properties: accuracies.some((a) => a !== null) ? { accuracy: accuracies } : {} };
  } else {
    const ring = points.length > 1 && samePlace(points[0]!, points[points.length - 1]!) ? points : [...points, points[0]!];
    const ringAccuracy = ring.map((p) => p.accuracy ?? null);
    feature = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring.map(position)] }, properties: ringAccuracy.some((a) => a !== null) ? { accuracy: ringAccuracy } : {} };
  }
  return JSON.stringify(feature);
}

/** The points of a stored location answer, or null when it is not one. */
export function parseGeo(value: string): { type: GeoType; points: GeoPoint[] } | null {
  let feature: Feature;
  try {
    feature = JSON.parse(value) as Feature;
  } catch {
    return null;
  }
  if (!feature || feature.type !== 'Feature' || !feature.geometry) return null;
  const accuracy = feature.properties?.accuracy;
  const toPoint = (c: unknown, i: number): GeoPoint | null => {
    if (!Array.isArray(c) || c.length < 2 || c.length > 3 || !c.every((n) => typeof n === 'number')) return null;
    const n = c as number[];
    const acc = Array.isArray(accuracy) ? accuracy[i] : accuracy;
    return { lon: n[0]!, lat: n[1]!, ...(n.length === 3 ? { alt: n[2]! } : {}), ...(typeof acc === 'number' ? { accuracy: acc } : {}) };
  };
  const all = (list: unknown): GeoPoint[] | null => {
    if (!Array.isArray(list)) return null;
    const points = list.map(toPoint);
    return points.every((p): p is GeoPoint => p !== null && isValidPoint(p)) ? points : null;
  };
  const { geometry } = feature;
  if (geometry.type === 'Point') {
    const p = toPoint(geometry.coordinates, 0);
    return p && isValidPoint(p) ? { type: 'geopoint', points: [p] } : null;
  }
  if (geometry.type === 'LineString') {
    const points = all(geometry.coordinates);
    return points && points.length >= 2 ? { type: 'geotrace', points } : null;
  }
  if (geometry.type === 'Polygon') {
    const ring = Array.isArray(geometry.coordinates) && geometry.coordinates.length === 1 ? all(geometry.coordinates[0]) : null;
    return ring && ring.length >= 4 && samePlace(ring[0]!, ring[ring.length - 1]!) ? { type: 'geoshape', points: ring } : null;
  }
  return null;
}

/** null when `value` is a well-formed answer of `type`, else the reason's catalogue key. */
export function geoError(type: GeoType, value: string): string | null {
  const parsed = parseGeo(value);
  return parsed && parsed.type === type ? null : `instruments.errors.${type}`;
}

/** ODK's text form: "lat lon alt acc" per point, points joined by "; ". */
export function odkGeoText(value: string): string {
  const parsed = parseGeo(value);
  if (!parsed) return value;
  return parsed.points.map((p) => `${p.lat} ${p.lon} ${p.alt ?? 0} ${p.accuracy ?? 0}`).join('; ');
}

/** Points from ODK's text form (what expressions pass to area() and distance()). */
export function pointsFromOdkText(text: string): GeoPoint[] {
  return text
    .split(';')
    .map((part) => part.trim().split(/\s+/).map(Number))
    .filter((n) => n.length >= 2 && Number.isFinite(n[0]) && Number.isFinite(n[1]))
    .map(([lat, lon]) => ({ lat: lat!, lon: lon! }));
}

const EARTH_RADIUS = 6_378_100; // metres, as ODK's area() and distance() use
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Length in metres along the points (haversine). */
export function distanceOf(points: GeoPoint[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
    total += 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  return total;
}

/** Area in square metres of the polygon the points enclose (on the sphere). */
export function areaOf(points: GeoPoint[]): number {
  if (points.length < 3) return 0;
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    sum += rad(b.lon - a.lon) * (2 + Math.sin(rad(a.lat)) + Math.sin(rad(b.lat)));
  }
  return Math.abs((sum * EARTH_RADIUS * EARTH_RADIUS) / 2);
}

/**
 * The columns a data export gives a geopoint (as Kobo does: latitude, longitude, altitude,
 * precision); empty when the answer is not a location. Lines and shapes export their ODK text.
 */
export function geopointColumns(value: string): { latitude: number | ''; longitude: number | ''; altitude: number | ''; accuracy: number | '' } {
  const parsed = parseGeo(value);
  const p = parsed?.type === 'geopoint' ? parsed.points[0] : undefined;
  return { latitude: p?.lat ?? '', longitude: p?.lon ?? '', altitude: p?.alt ?? '', accuracy: p?.accuracy ?? '' };
}
