import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react-swc';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The api serves the built files from dist/web; in development Vite serves them with hot reload
// and forwards /api to the api (API_URL, default the demo's port).
export default defineConfig({
  root: here('.'),
  base: '/',
  // React Fast Refresh in development (state kept across edits). Its preamble is an inline script
  // served by the dev server only; the build has none, so the api's CSP stays 'self'.
  // The swc variant: @vitejs/plugin-react 6 (oxc) does not install here, npm fails on its optional
  // peer chain (@rolldown/plugin-babel wants Babel 8 beside jest's Babel 7), so mute its advice.
  plugins: [react({ disableOxcRecommendation: true })],
  resolve: {
    alias: {
      // Pure modules shared with the api, so the form and the countdown follow the same rules.
      '@vt/common/bsn': here('../../libs/common/src/bsn.ts'),
      '@vt/deadlines/working-day-calendar': here('../../libs/deadlines/src/working-day-calendar.ts'),
      '@vt/deadlines/amsterdam-time': here('../../libs/deadlines/src/amsterdam-time.ts'),
      '@vt/deadlines/deadline-kinds': here('../../libs/deadlines/src/deadline-kinds.ts'),
    },
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    // bench/web-bundle.ts reads which chunks the first screen loads.
    manifest: true,
    target: 'es2022',
    rollupOptions: {
      // React Query marks its modules "use client" for server components; a plain SPA ignores it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
