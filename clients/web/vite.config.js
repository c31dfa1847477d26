import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const serverUrl = process.env.RAKORLIVE_SERVER ?? 'http://localhost:5080';

// The same URL → page mapping the ASP.NET server does, so `npm run dev` and
// `npm run preview` answer /meetings/{id}/screen etc. like the real server.
const pageRoutes = [
  [/^\/meetings\/[^/]+\/screen\/?$/, '/screen.html'],
  [/^\/meetings\/[^/]+\/tablet\/?$/, '/tablet.html'],
  [/^\/meetings\/[^/]+\/desk\/?$/, '/desk.html'],
  [/^\/follow-ups\/?$/, '/follow-ups.html'],
];

function rewritePageRoutes(req, _res, next) {
  const [path, query = ''] = (req.url ?? '').split('?');
  const hit = pageRoutes.find(([pattern]) => pattern.test(path));
  if (hit) req.url = hit[1] + (query ? `?${query}` : '');
  next();
}

const pageRoutesPlugin = {
  name: 'rakorlive-page-routes',
  configureServer(server) {
    server.middlewares.use(rewritePageRoutes);
  },
  configurePreviewServer(server) {
    server.middlewares.use(rewritePageRoutes);
  },
};

const proxy = {
  '/api': { target: serverUrl, changeOrigin: true },
  '/hubs': { target: serverUrl, changeOrigin: true, ws: true },
  '/health': { target: serverUrl, changeOrigin: true },
};

export default defineConfig({
  root,
  base: '/', // pages live at nested URLs (/meetings/{id}/screen): assets must be absolute
  plugins: [pageRoutesPlugin],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: {
        index: resolve(root, 'index.html'),
        screen: resolve(root, 'screen.html'),
        tablet: resolve(root, 'tablet.html'),
        desk: resolve(root, 'desk.html'),
        'follow-ups': resolve(root, 'follow-ups.html'),
      },
    },
  },
});
