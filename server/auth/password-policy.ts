import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_LENGTH } from '../../common/schemas/user';

/**
 * What a chosen password must be: at least MIN_PASSWORD_LENGTH characters, not only spaces or
 * one character repeated, and not guessable from zxcvbn-ts's lists of common passwords, words,
 * names and keyboard patterns (score 3 of 4 or better: more than 10^8 guesses). The check runs on
 * the server only, so its dictionaries (about 1 MB) stay out of the browser bundle.
 */
export const MIN_PASSWORD_SCORE = 3;

const zxcvbn = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

/** Catalogue key of the reason a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): 'validation.passwordTooShort' | 'validation.passwordRepeated' | 'validation.passwordCommon' | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'validation.passwordTooShort';
  if (password.trim() === '' || new Set(password).size === 1) return 'validation.passwordRepeated';
  if (zxcvbn.check(password).score < MIN_PASSWORD_SCORE) return 'validation.passwordCommon';
  return null;
}
