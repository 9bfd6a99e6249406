// Builds the renderer (Vue pages) into dist/renderer: loaded from file:// by Electron and
// served on 127.0.0.1 by the headless app, so every asset path is relative.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: path.join(root, 'pkg/rancher-desktop/renderer'),
  base: './',
  // The app's icons double as the page's favicon.
  publicDir: path.join(root, 'resources/icons'),
  plugins: [vue()],
  resolve: { alias: { '@pkg': path.join(root, 'pkg/rancher-desktop') } },
  build: {
    outDir: path.join(root, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
