/** Learning: staff register, competence packages, modules and lessons, enrolments, live trainings, certificates, reports. */
export { learningRoutes, type LearningContext } from './routes';
