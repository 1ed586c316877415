import { Center, Loader, Skeleton, Stack } from '@mantine/core';
import { createRootRoute, createRoute, createRouter, lazyRouteComponent as lazyRoute, Navigate, Outlet, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from './api/session';
import { NotFoundContent } from './components/PageProblem';
import { ProblemAlert } from './components/ProblemAlert';
import { LoginPage } from './features/auth/LoginPage';
import { wholeCatalogue } from './i18n';

/** A page loaded on first visit, together with the rest of the catalogue (see i18n.ts). */
function lazyRouteComponent<M extends Record<string, unknown>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  return lazyRoute(() => Promise.all([load(), wholeCatalogue()]).then(([module]) => module), name);
}

// Feature pages load on first visit, so the first screen on a weak connection stays small.
const ForgotPasswordPage = lazyRouteComponent(() => import('./features/auth/ForgotPasswordPage'), 'ForgotPasswordPage');
const SetPasswordPage = lazyRouteComponent(() => import('./features/auth/SetPasswordPage'), 'SetPasswordPage');
const HomePage = lazyRouteComponent(() => import('./features/home/HomePage'), 'HomePage');
const AssessmentPage = lazyRouteComponent(() => import('./features/capacity/AssessmentPage'), 'AssessmentPage');
const CapacityHubPage = lazyRouteComponent(() => import('./features/capacity/CapacityHubPage'), 'CapacityHubPage');
const CapacityReportPage = lazyRouteComponent(() => import('./features/capacity/ReportPage'), 'ReportPage');
const PortfolioPage = lazyRouteComponent(() => import('./features/capacity/PortfolioPage'), 'PortfolioPage');
const PeoplePage = lazyRouteComponent(() => import('./features/cases/PeoplePage'), 'PeoplePage');
const PersonPage = lazyRouteComponent(() => import('./features/cases/PersonPage'), 'PersonPage');
const CasePage = lazyRouteComponent(() => import('./features/cases/CasePage'), 'CasePage');
const ReferralsPage = lazyRouteComponent(() => import('./features/cases/ReferralsPage'), 'ReferralsPage');
const ApprovalsPage = lazyRouteComponent(() => import('./features/cases/ApprovalsPage'), 'ApprovalsPage');
const ServicesPage = lazyRouteComponent(() => import('./features/cases/ServicesPage'), 'ServicesPage');
const CaseAggregatesPage = lazyRouteComponent(() => import('./features/cases/AggregatesPage'), 'AggregatesPage');
const RetentionPage = lazyRouteComponent(() => import('./features/cases/RetentionPage'), 'RetentionPage');
const AuditPage = lazyRouteComponent(() => import('./features/audit/AuditPage'), 'AuditPage');
const ExportsPage = lazyRouteComponent(() => import('./features/exports/ExportsPage'), 'ExportsPage');
const DesignerPage = lazyRouteComponent(() => import('./features/instruments/DesignerPage'), 'DesignerPage');
const InstrumentPage = lazyRouteComponent(() => import('./features/instruments/InstrumentPage'), 'InstrumentPage');
const InstrumentsPage = lazyRouteComponent(() => import('./features/instruments/InstrumentsPage'), 'InstrumentsPage');
const ResultsPage = lazyRouteComponent(() => import('./features/instruments/ResultsPage'), 'ResultsPage');
const NewResponsePage = lazyRouteComponent(() => import('./features/responses/NewResponsePage'), 'NewResponsePage');
const ResponsePage = lazyRouteComponent(() => import('./features/responses/ResponsePage'), 'ResponsePage');
const ResponsesPage = lazyRouteComponent(() => import('./features/responses/ResponsesPage'), 'ResponsesPage');
const NewOrganisationPage = lazyRouteComponent(() => import('./features/organisations/OrganisationPage'), 'NewOrganisationPage');
const OrganisationPage = lazyRouteComponent(() => import('./features/organisations/OrganisationPage'), 'OrganisationPage');
const OrganisationsPage = lazyRouteComponent(() => import('./features/organisations/OrganisationsPage'), 'OrganisationsPage');
const PlacesPage = lazyRouteComponent(() => import('./features/places/PlacesPage'), 'PlacesPage');
const ProfilePage = lazyRouteComponent(() => import('./features/profile/ProfilePage'), 'ProfilePage');
const UsersPage = lazyRouteComponent(() => import('./features/users/UsersPage'), 'UsersPage');
const OfflinePage = lazyRouteComponent(() => import('./features/offline/OfflinePage'), 'OfflinePage');
const OfflineFormPage = lazyRouteComponent(() => import('./features/offline/OfflineFormPage'), 'OfflineFormPage');
const LearningPage = lazyRouteComponent(() => import('./features/learning/LearningPage'), 'LearningPage');
const ModulePage = lazyRouteComponent(() => import('./features/learning/ModulePage'), 'ModulePage');
const LessonPage = lazyRouteComponent(() => import('./features/learning/LessonPage'), 'LessonPage');
const TrainingsPage = lazyRouteComponent(() => import('./features/learning/TrainingsPage'), 'TrainingsPage');
const TrainingPage = lazyRouteComponent(() => import('./features/learning/TrainingPage'), 'TrainingPage');
const StaffPage = lazyRouteComponent(() => import('./features/learning/StaffPage'), 'StaffPage');
const LearningReportsPage = lazyRouteComponent(() => import('./features/learning/ReportsPage'), 'ReportsPage');
const VerifyPage = lazyRouteComponent(() => import('./features/learning/VerifyPage'), 'VerifyPage');

function NotFound() {
  return (
    <Stack p="md">
      <NotFoundContent />
    </Stack>
  );
}

// The signed-in shell (navigation, header) is not needed by the sign-in page, the first screen of
// a new device: it downloads while the session is checked, in parallel, not after.
const loadAppLayout = () => Promise.all([import('./components/AppLayout'), wholeCatalogue()]).then(([module]) => module);
const AppLayout = lazy(() => loadAppLayout().then((m) => ({ default: m.AppLayout })));

function Loading() {
  const { t } = useTranslation();
  return (
    <Center mih="100vh">
      <Loader role="progressbar" aria-label={t('app.loading')} />
    </Center>
  );
}

/** Signed-in area: sends visitors to the login page and temporary-password users to their profile. */
function SignedIn() {
  const { data: me, isLoading, error, refetch } = useMe();
  const path = useRouterState({ select: (s) => s.location.pathname });
  useEffect(() => void loadAppLayout(), []);
  if (isLoading) return <Loading />;
  if (error) return <ProblemAlert error={error} onRetry={() => void refetch()} />;
  if (!me) return <Navigate to="/login" />;
  if (me.user.mustChangePassword && path !== '/profile') return <Navigate to="/profile" />;
  return (
    <Suspense fallback={<Loading />}>
      <AppLayout me={me} />
    </Suspense>
  );
}

function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { data: me } = useMe();
  return can(me, permission) ? <>{children}</> : <NotFound />;
}

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFound });
const loginRoute = createRoute({ getParentRoute: () => rootRoute, path: '/login', component: LoginPage });
const forgotPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: '/forgot-password', component: ForgotPasswordPage });
const setPasswordRoute = createRoute({ getParentRoute: () => rootRoute, path: '/set-password', component: SetPasswordPage });
/** Public: anyone with a certificate's code checks it, signed in or not. */
const verifyRoute = createRoute({ getParentRoute: () => rootRoute, path: '/verify/$code', component: VerifyPage });
const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: SignedIn });

function guard(permission: string, Page: ComponentType) {
  return function Guarded() {
    return (
      <RequirePermission permission={permission}>
        <Page />
      </RequirePermission>
    );
  };
}

// Each route is written out so TanStack Router can type-check every link's path and params.
const getParentRoute = () => appRoute;
const routeTree = rootRoute.addChildren([
  loginRoute,
  forgotPasswordRoute,
  setPasswordRoute,
  verifyRoute,
  appRoute.addChildren([
    createRoute({ getParentRoute, path: '/', component: HomePage }),
    createRoute({ getParentRoute, path: '/organisations', component: OrganisationsPage }),
    createRoute({ getParentRoute, path: '/organisations/new', component: guard('organisations.create', NewOrganisationPage) }),
    createRoute({ getParentRoute, path: '/organisations/$id', component: OrganisationPage }),
    createRoute({ getParentRoute, path: '/organisations/$id/capacity', component: guard('capacity.read', CapacityHubPage) }),
    createRoute({ getParentRoute, path: '/organisations/$id/capacity/report', component: guard('capacity.read', CapacityReportPage) }),
    createRoute({ getParentRoute, path: '/capacity', component: PortfolioPage }),
    createRoute({ getParentRoute, path: '/capacity/assessments/$id', component: guard('capacity.read', AssessmentPage) }),
    createRoute({ getParentRoute, path: '/users', component: guard('users.manage', UsersPage) }),
    createRoute({ getParentRoute, path: '/places', component: guard('reference.manage', PlacesPage) }),
    createRoute({ getParentRoute, path: '/audit', component: guard('audit.read', AuditPage) }),
    createRoute({ getParentRoute, path: '/exports', component: ExportsPage }),
    createRoute({ getParentRoute, path: '/instruments', component: InstrumentsPage }),
    createRoute({ getParentRoute, path: '/instruments/$id', component: InstrumentPage }),
    createRoute({ getParentRoute, path: '/instruments/$id/results', component: ResultsPage }),
    createRoute({ getParentRoute, path: '/instruments/$id/fill/$organisationId', component: guard('responses.fill', NewResponsePage) }),
    createRoute({ getParentRoute, path: '/instruments/$id/design', component: guard('instruments.design', DesignerPage) }),
    createRoute({ getParentRoute, path: '/responses', component: guard('responses.fill', ResponsesPage) }),
    createRoute({ getParentRoute, path: '/responses/$id', component: guard('responses.fill', ResponsePage) }),
    createRoute({ getParentRoute, path: '/profile', component: ProfilePage }),
    createRoute({ getParentRoute, path: '/people', component: guard('cases.work', PeoplePage) }),
    createRoute({ getParentRoute, path: '/people/$id', component: PersonPage }),
    createRoute({ getParentRoute, path: '/cases/$id', component: CasePage }),
    createRoute({ getParentRoute, path: '/offline', component: guard('responses.fill', OfflinePage) }),
    createRoute({ getParentRoute, path: '/offline/forms/$id', component: guard('responses.fill', OfflineFormPage) }),
    createRoute({ getParentRoute, path: '/referrals', component: guard('cases.referrals.answer', ReferralsPage) }),
    createRoute({ getParentRoute, path: '/approvals', component: guard('cases.supervise', ApprovalsPage) }),
    createRoute({ getParentRoute, path: '/services', component: guard('cases.read', ServicesPage) }),
    createRoute({ getParentRoute, path: '/case-figures', component: guard('cases.read', CaseAggregatesPage) }),
    createRoute({ getParentRoute, path: '/retention', component: guard('cases.supervise', RetentionPage) }),
    createRoute({ getParentRoute, path: '/learning', component: LearningPage }),
    createRoute({ getParentRoute, path: '/learning/modules/$id', component: ModulePage }),
    createRoute({ getParentRoute, path: '/learning/lessons/$id', component: LessonPage }),
    createRoute({ getParentRoute, path: '/learning/trainings', component: TrainingsPage }),
    createRoute({ getParentRoute, path: '/learning/trainings/$id', component: TrainingPage }),
    createRoute({ getParentRoute, path: '/learning/staff', component: guard('learning.staff', StaffPage) }),
    createRoute({ getParentRoute, path: '/learning/reports', component: LearningReportsPage }),
    // Any other address, inside the signed-in shell: the navigation stays, to go on from there.
    createRoute({ getParentRoute, path: '$', component: NotFound }),
  ]),
]);

/** While a page's code loads, the app frame stays and the page area shows a skeleton, not a blank screen. */
function PageSkeleton() {
  return (
    <Stack gap="sm" aria-busy="true">
      <Skeleton h={32} w="40%" />
      <Skeleton h={16} />
      <Skeleton h={16} w="80%" />
      <Skeleton h={200} />
    </Stack>
  );
}

export const router = createRouter({ routeTree, defaultNotFoundComponent: NotFound, defaultPendingComponent: PageSkeleton, defaultPendingMs: 100 });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
