import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The application's words beside the build, for the server to write the public pages in either language. */
function pageStrings(): Plugin {
  return {
    name: 'dossier-page-strings',
    apply: 'build',
    generateBundle() {
      for (const lang of ['en', 'fa'])
        this.emitFile({
          type: 'asset',
          fileName: `i18n/${lang}.json`,
          source: readFileSync(join(import.meta.dirname, 'src', 'i18n', `${lang}.json`), 'utf8'),
        });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), pageStrings()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
