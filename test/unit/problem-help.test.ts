import { describe, expect, it } from 'vitest';
import { canRetry, fieldNamer, unshownFieldMessages } from '../../web/src/api/problem-help';

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

  const messagesOf = (list: { message: string }[]) => list.map((m) => m.message);

  it('lists every field message, each once, when the page shows none beside a field', () => {
    expect(messagesOf(unshownFieldMessages(problem, undefined, () => ''))).toEqual(['პერიოდის ბოლო თარიღი არ შეიძლება იყოს საწყისზე ადრე', 'მნიშვნელობა ძალიან დიდია']);
  });

  it('leaves out the messages the page shows beside their fields', () => {
    expect(messagesOf(unshownFieldMessages(problem, (field) => field.startsWith('staff.')))).toEqual(['პერიოდის ბოლო თარიღი არ შეიძლება იყოს საწყისზე ადრე']);
    expect(unshownFieldMessages({ ...problem, errors: undefined })).toEqual([]);
  });

  it('says which field each message is about: its label where the page knows it, else its path in a sentence', () => {
    const nameOf = fieldNamer({ 'staff.women': 'თანამშრომლები: ქალები', 'staff.men': 'თანამშრომლები: კაცები' }, (field) => `ველი „${field}“`);
    // The same sentence about two figures is two problems once each names its figure.
    expect(unshownFieldMessages(problem, undefined, nameOf)).toEqual([
      { name: 'ველი „querystring.to“', message: 'პერიოდის ბოლო თარიღი არ შეიძლება იყოს საწყისზე ადრე' },
      { name: 'თანამშრომლები: ქალები', message: 'მნიშვნელობა ძალიან დიდია' },
      { name: 'თანამშრომლები: კაცები', message: 'მნიშვნელობა ძალიან დიდია' },
    ]);
    // A field named twice with the same message is listed once; a message about the whole request names no field.
    const repeated = { ...problem, errors: [problem.errors[1]!, problem.errors[1]!, { field: '', message: 'უცნობი ველი: x' }] };
    expect(unshownFieldMessages(repeated, undefined, nameOf)).toEqual([
      { name: 'თანამშრომლები: ქალები', message: 'მნიშვნელობა ძალიან დიდია' },
      { name: '', message: 'უცნობი ველი: x' },
    ]);
  });
});
