import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import './i18n/index.js';
import './styles.css';
import { Layout } from './components/Layout.js';
import { Loading } from './components/Loading.js';
import { MemorialPersonPage } from './features/public/MemorialPersonPage.js';
import { SearchPage } from './features/public/SearchPage.js';
import { SessionProvider } from './session.js';

// The investigators' workspace loads only when opened: the public search stays small for a phone.
const Workspace = lazy(() => import('./workspace.js'));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <BrowserRouter>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<SearchPage />} />
              <Route path="memorial/:id" element={<MemorialPersonPage />} />
              <Route path="*" element={<Workspace />} />
            </Route>
          </Routes>
        </Suspense>
      </BrowserRouter>
    </SessionProvider>
  </StrictMode>,
);
