import { describe, expect, it } from 'vitest';
import { canRetry, unshownFieldMessages } from '../../web/src/api/problem-help';

describe('canRetry', () => {
  it('offers asking again where it can help: no connection, a timeout, too many requests, a server fault', () => {
    for (const status of [undefined, 0, 408, 429, 500, 502, 503, 504]) expect(canRetry(status), String(status)).toBe(true);
  });

  it('not for a refusal that asking again only repeats', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 415, 422]) expect(canRetry(status), String(status)).toBe(false);
  });
});

describe('unshownFieldMessages', () => {
  const problem = {
    type: 'urn:ertad:problem:validation',
    title: 'ზოგიერთი ველი საჭიროებს ყურადღებას',
    status: 400,
    errors: [
      { field: 'querystring.to', message: 'პერიოდის ბოლო თარიღი არ შეიძლება იყოს საწყისზე ადრე' },
      { field: 'staff.women', message: 'მნიშვნელობა ძალიან დიდია' },
      { field: 'staff.men', message: 'მნიშვნელობა ძალიან დიდია' },
    ],
  };

  it('lists every field message, each once, when the page shows none beside a field', () => {
    expect(unshownFieldMessages(problem)).toEqual(['პერიოდის ბოლო თარიღი არ შეიძლება იყოს საწყისზე ადრე', 'მნიშვნელობა ძალიან დიდია']);
  });

  it('leaves out the messages the page shows beside their fields', () => {
    expect(unshownFieldMessages(problem, (field) => field.startsWith('staff.'))).toEqual(['პერიოდის ბოლო თარიღი არ შეიძლება იყოს საწყისზე ადრე']);
    expect(unshownFieldMessages({ ...problem, errors: undefined })).toEqual([]);
  });
});
