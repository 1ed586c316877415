/**
 * Filled-in forms: the public API other features (capacity, learning, cases) call to keep a form
 * about one of their subjects. Visibility follows the subject (see common/schemas/access).
 */
export { findResponse as readResponse, getResponse, labelledFormsAbout, selectResponses } from './queries';
export { amendResponse, saveDraftAnswers as saveResponse, startResponse, submitResponse, type NewResponse } from './service';
export { responseRoutes } from './routes';
export { instrumentSummary as summariseResponses } from './summary';
export { answersRoutes } from './answers-routes';
export { answersExportFile, responsesExportFile } from './exports';
