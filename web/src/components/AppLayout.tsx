import { Anchor, AppShell, Burger, Button, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { modals, ModalsProvider } from '@mantine/modals';
import { useEffect, useRef } from 'react';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../common/schemas/user';
import { useLogout } from '../features/auth/api';
import { OfflineBanner } from '../features/offline/status';
import { ServiceWorkerStart } from '../features/offline/ServiceWorkerStart';
import { KEPT_ME } from '../api/session';
import { navItemsFor } from '../navigation';
import { LanguageSwitch } from './LanguageSwitch';
import { usePhone } from './usePhone';

export function AppLayout({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  // Below the `sm` breakpoint the menu is a drawer moved off the screen while closed: then it is
  // inert, so Tab never takes the focus into it (the skip link and the burger stay in the order).
  const phone = usePhone();
  const logout = useLogout();
  const navigate = useNavigate();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const burger = useRef<HTMLButtonElement>(null);
  const main = useRef<HTMLElement>(null);
  // Another page: the link that was followed is gone with the old page (or hidden in the closed
  // phone menu), and the focus with it. It goes to the new page's main region, so Tab goes on from
  // the top of that page and not from <body>. Followed from the wide screen's menu, it stays there.
  const shownPath = useRef(path);
  useEffect(() => {
    if (shownPath.current === path) return;
    shownPath.current = path;
    const active = document.activeElement;
    if (phone || !active || active === document.body || main.current?.contains(active)) main.current?.focus({ preventScroll: true });
  }, [path, phone]);
  // The open phone menu covers the page: Escape closes it, and the focus goes back to its button.
  useEffect(() => {
    if (!phone || !opened) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      close();
      burger.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [phone, opened, close]);
  const organisationName = i18n.language === 'ka' ? me.user.organisation.nameKa : me.user.organisation.nameEn;

  const fills = me.permissions.includes('responses.fill');
  // The outbox is sent whenever the app is open and the connection returns (its code loads only then).
  useEffect(() => {
    if (!fills) return;
    const send = () => void import('../features/offline/sync').then((m) => m.sendOutbox());
    if (navigator.onLine) send();
    window.addEventListener('online', send);
    return () => window.removeEventListener('online', send);
  }, [fills]);

  // Signed out locally whatever the server answers, so the login page follows either way; on a
  // shared device everything the account kept here goes too, after a warning if unsent work would.
  const leave = () =>
    logout.mutate(undefined, {
      onSettled: () => {
        localStorage.removeItem(KEPT_ME);
        void import('../features/offline/store')
          .then((m) => m.clearDevice())
          .finally(() => void navigate({ to: '/login' }));
      },
    });
  const signOut = async () => {
    const unsent = await (await import('../features/offline/store')).unsentCount();
    if (unsent === 0) return leave();
    modals.openConfirmModal({
      title: t('offline.signOutTitle'),
      children: <Text size="sm">{t('offline.signOutBody', { count: unsent })}</Text>,
      labels: { confirm: t('offline.signOutAnyway'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      closeButtonProps: { 'aria-label': t('common.close') },
      onConfirm: leave,
    });
  };

  // Confirmation dialogs belong to the signed-in pages: their provider (and Mantine's Modal with
  // its scroll area and focus trap) loads with the shell, not with the sign-in page.
  return (
    <ModalsProvider>
      <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
        <a href="#main" className="skip-link">
          {t('app.skipToContent')}
        </a>
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger ref={burger} opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.openMenu')} aria-expanded={opened} />
              <Anchor component={Link} to="/" fw={700} fz="lg" underline="never">
                {t('app.name')}
              </Anchor>
            </Group>
            <LanguageSwitch />
          </Group>
        </AppShell.Header>
        <AppShell.Navbar
          p="sm"
          aria-label={t('app.mainNavigation')}
          component="nav"
          inert={phone && !opened}
        >
          {/* The menu scrolls on its own, so that signing out stays in view however long it grows. */}
          <AppShell.Section grow component={ScrollArea} type="auto" offsetScrollbars>
            <Stack gap={2}>
              {navItemsFor(me).map((item) => (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={t(item.label)}
                  active={item.to === '/' ? path === '/' : path.startsWith(item.to)}
                  aria-current={(item.to === '/' ? path === '/' : path.startsWith(item.to)) ? 'page' : undefined}
                  onClick={close}
                />
              ))}
            </Stack>
          </AppShell.Section>
          <AppShell.Section>
            <Stack gap="xs" mt="md">
              <Text size="xs" c="dimmed">
                {t('app.signedInAs', { name: me.user.displayName })}
                <br />
                {organisationName}
              </Text>
              <Button variant="light" onClick={() => void signOut()} loading={logout.isPending}>
                {t('nav.signOut')}
              </Button>
              {/* The API reference is for the people who connect other systems: the administrator's footer, not the main menu. */}
              {me.permissions.includes('users.manage') && (
                <Anchor href="/api/docs" size="xs" c="dimmed">
                  {t('nav.apiDocs')}
                </Anchor>
              )}
            </Stack>
          </AppShell.Section>
        </AppShell.Navbar>
        {/* Behind the open phone menu the page is out of reach: Tab goes from the menu's end back to the header. */}
        <AppShell.Main id="main" tabIndex={-1} ref={main} inert={phone && opened}>
          <OfflineBanner fills={fills} />
          <Outlet />
        </AppShell.Main>
      </AppShell>
      {/* Downloads the app for offline use once this first page is in, not over it on a weak line. */}
      <ServiceWorkerStart />
    </ModalsProvider>
  );
}
