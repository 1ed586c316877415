import { describe, expect, it } from 'vitest';
import { translate } from '../../common/i18n/translate';
import { problemHeadline } from '../../web/src/api/problem-headline';

const t = (key: string) => translate('ka', key);
const conflict = { type: 'urn:ertad:problem:conflict', status: 409, title: 'server title' };

describe('problemHeadline', () => {
  it('says "someone else changed this record" for a stale version only', () => {
    expect(problemHeadline({ ...conflict, conflict: 'version' }, t)).toBe('ეს ჩანაწერი ამასობაში სხვამ შეცვალა. განაახლეთ და შეიტანეთ ცვლილება ხელახლა');
    expect(problemHeadline({ ...conflict, conflict: 'rule', detail: 'საქმე დახურულია' }, t)).toBe('ამ ეტაპზე ამის გაკეთება შეუძლებელია');
  });

  it('keeps the server\'s title for every other problem, a duplicate (also 409) among them', () => {
    expect(problemHeadline({ type: 'urn:ertad:problem:duplicate', status: 409, title: 'ეს უკვე არსებობს' }, t)).toBe('ეს უკვე არსებობს');
    expect(problemHeadline({ type: 'urn:ertad:problem:validation', status: 400, title: 'ზოგიერთი ველი' }, t)).toBe('ზოგიერთი ველი');
  });
});
