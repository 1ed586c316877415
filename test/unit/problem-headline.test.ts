import { describe, expect, it } from 'vitest';
import { translate } from '../../common/i18n/translate';
import { problemDetail, problemHeadline } from '../../web/src/api/problem-headline';

const t = (key: string) => translate('ka', key);
const conflict = { type: 'urn:ertad:problem:conflict', status: 409, title: 'server title' };

describe('problemHeadline', () => {
  it('says "someone else changed this record" for a stale version only', () => {
    expect(problemHeadline({ ...conflict, conflict: 'version' }, t)).toBe('ეს ჩანაწერი ამასობაში სხვამ შეცვალა. განაახლეთ და შეიტანეთ ცვლილება ხელახლა');
    expect(problemHeadline({ ...conflict, conflict: 'rule', detail: 'საქმე დახურულია' }, t)).toBe('ამ ეტაპზე ამის გაკეთება შეუძლებელია');
  });

  it("names every other problem by its type in the language shown now, a duplicate (also 409) among them; the server's title only for a type the catalogue lacks", () => {
    expect(problemHeadline({ type: 'urn:ertad:problem:duplicate', status: 409, title: 'server title' }, t)).toBe(translate('ka', 'problems.duplicate'));
    // The request failed in English; the page is in Georgian now.
    expect(problemHeadline({ type: 'urn:ertad:problem:invalidCredentials', status: 401, title: 'Sign-in failed' }, t)).toBe('შესვლა ვერ მოხერხდა');
    expect(problemHeadline({ type: 'urn:ertad:problem:somethingNew', status: 400, title: 'server title' }, t)).toBe('server title');
    expect(problemHeadline({ type: 'about:blank', status: 502, title: 'Bad Gateway' }, t)).toBe('Bad Gateway');
  });
});

describe('problemDetail', () => {
  it("shows the detail by its catalogue key in the language shown now, else the server's text", () => {
    const failed = { type: 'urn:ertad:problem:invalidCredentials', status: 401, title: 'Sign-in failed', detail: translate('en', 'auth.invalidCredentials') };
    expect(problemDetail({ ...failed, detailKey: 'auth.invalidCredentials' }, t)).toBe(translate('ka', 'auth.invalidCredentials'));
    expect(problemDetail(failed, t)).toBe(failed.detail);
    expect(problemDetail({ ...failed, detailKey: 'auth.notInTheCatalogue' }, t)).toBe(failed.detail);
  });
});
