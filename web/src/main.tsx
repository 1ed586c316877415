import '@fontsource/noto-sans-georgian/400.css';
import '@fontsource/noto-sans-georgian/700.css';
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { i18nReady } from './i18n';
import { Alert, Badge, Button, createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { keepFocusThroughBusyButtons } from './components/keepFocus';
import { router } from './router';

const theme = createTheme({
  fontFamily: '"Noto Sans Georgian", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { fontFamily: '"Noto Sans Georgian", system-ui, sans-serif' },
  primaryColor: 'indigo',
  // Darker shade than the default keeps white button text above 4.5:1 contrast.
  primaryShade: 8,
  components: {
    // Georgian has no letter case, and its words are long: no uppercase, no truncation.
    // Coloured alert titles on tinted backgrounds fall below 4.5:1; the text colour does not.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
    Badge: Badge.extend({ styles: { root: { textTransform: 'none', maxWidth: 'none' }, label: { overflow: 'visible' } } }),
    // A button's label wraps between words instead of being cut: a button never shrinks below its
    // longest word (min-content), and grows taller when its words need a second line.
    Button: Button.extend({
      styles: {
        root: { height: 'auto', minHeight: 'var(--button-height)', minWidth: 'min-content', maxWidth: '100%' },
        label: { whiteSpace: 'normal', overflow: 'visible', height: 'auto', lineHeight: 1.35, paddingBlock: 4 },
      },
    }),
  },
});

// Mantine's default "dimmed" grey is below 4.5:1 on white; this one reads at about 6.5:1.
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  // Mantine's error red (#fa5252) reads at about 3.3:1 on white; this one at about 5.9:1.
  light: { '--mantine-color-dimmed': '#545b63', '--mantine-color-placeholder': '#6b7280', '--mantine-color-error': '#c92a2a' },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors (404, 403) will not change on retry; a weak connection might.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      // Without a connection a query fails at once with "needs the server" instead of waiting paused.
      networkMode: 'always',
    },
    mutations: { networkMode: 'always' },
  },
});

// Every button busy with a request (a form being saved) gives the keyboard focus back when done.
keepFocusThroughBusyButtons();

// Rendering waits for the language the user reads (Georgian comes with the app; English is fetched).
void i18nReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
        <QueryClientProvider client={queryClient}>
          <Notifications position="top-right" />
          {/* The service worker is registered by the signed-in shell once its first page is in (features/offline/ServiceWorkerStart). */}
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  ),
);
