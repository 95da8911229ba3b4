import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
// The one shared file the UI bundles (as web/tsconfig.json maps it): pure, unlike the contracts barrel's neighbours.
const timeWords = fileURLToPath(new URL('../../../libs/contracts/src/time-words.ts', import.meta.url));

// `npm run web:dev` proxies the API to a locally running gateway, so the cookie stays same-origin.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@signstash/contracts/time-words': timeWords } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: { '/api': process.env.GATEWAY_URL ?? 'http://localhost:3000' },
  },
});
