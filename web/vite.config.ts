import { fileURLToPath } from 'node:url';
import { constants as zlib } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [
    react(),
    // Weak connections: every text file is also written compressed at the strongest settings
    // (brotli 11, gzip 9), once, at build time; the server sends those files as they are
    // (server/web.ts) instead of compressing each request at a fast, weaker level. The service
    // worker's first download of the app's code is 12 % smaller than with brotli at level 4.
    compression({
      algorithms: [defineAlgorithm('brotliCompress', { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }), defineAlgorithm('gzip', { level: 9 })],
      threshold: 1024,
    }),
    // Installable, and usable without a connection: Workbox precaches the app shell, every page's
    // code, the fonts and both languages (bundled in the code). API answers are not cached by the
    // service worker (they are personal and `no-store`; forms kept for offline use live in
    // IndexedDB, features/offline), with one exception: the learning catalogue's lessons, module
    // outlines and lesson files a learner opened (the same for every reader, nobody's personal
    // data) are kept at runtime so they stay readable offline. Signing out deletes those caches
    // with the rest (clearDevice). A new version waits until the user chooses to reload.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: 'ერთად · Ertad',
        short_name: 'ერთად',
        description: 'ერთად — სამოქალაქო ორგანიზაციების პლატფორმა · Ertad, the platform of the programme for civil-society organisations',
        lang: 'ka',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#364fc7',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,woff2,png,webmanifest}'],
        // The page code is large (charts, designer); all of it is kept so every page opens offline.
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/health/, /^\/ready/],
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // A lesson or module opened online is fetched fresh whenever there is a connection, and
            // read from the device without one (or after 8 s on a connection that hangs).
            urlPattern: ({ url, request }) => request.method === 'GET' && /^\/api\/v1\/learning\/(lessons|modules)\/[0-9a-f-]{36}$/.test(url.pathname),
            handler: 'NetworkFirst',
            options: { cacheName: 'ertad-lessons', networkTimeoutSeconds: 8, expiration: { maxEntries: 300 }, cacheableResponse: { statuses: [200] } },
          },
          {
            // Lesson files never change under their id (a new upload is a new file): kept once
            // opened, up to 50 of them; PDF viewers and video players read them by range offline too.
            urlPattern: ({ url, request }) => request.method === 'GET' && /^\/api\/v1\/learning\/files\/[0-9a-f-]{36}$/.test(url.pathname),
            handler: 'CacheFirst',
            options: { cacheName: 'ertad-lesson-files', expiration: { maxEntries: 50, purgeOnQuotaError: true }, cacheableResponse: { statuses: [200] }, rangeRequests: true },
          },
        ],
      },
    }),
  ],
  build: { outDir: fileURLToPath(new URL('../dist/web', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173, proxy: { '/api': api, '/health': api, '/ready': api } },
});
