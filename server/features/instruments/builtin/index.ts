import { gesiOca } from './gesi-oca';
import type { BuiltIn } from './helpers';
import { feedbackEasyRead, feedbackSurvey, qualityChecklist, trainingSatisfaction, trainingTest } from './quality-and-feedback';
import { childFunctioning2to4, childFunctioning5to17, washingtonGroupShortSet } from './washington-group';

export type { BuiltIn } from './helpers';

export const BUILT_IN_INSTRUMENTS: BuiltIn[] = [
  gesiOca,
  washingtonGroupShortSet,
  childFunctioning2to4,
  childFunctioning5to17,
  qualityChecklist,
  feedbackSurvey,
  feedbackEasyRead,
  trainingTest,
  trainingSatisfaction,
];
