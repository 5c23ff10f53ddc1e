import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server proxies the API to a running Canopy server (pnpm dev at the root: port 3000).
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': process.env.CANOPY_API ?? 'http://127.0.0.1:3000',
      '/readyz': process.env.CANOPY_API ?? 'http://127.0.0.1:3000',
    },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    // Pages and charts are lazy chunks; the budget check is scripts/src/bundle-size.ts.
    chunkSizeWarningLimit: 600,
    // dist/.vite/manifest.json: which chunks each page pulls in (read by scripts/src/bundle-size.ts).
    manifest: true,
  },
});
