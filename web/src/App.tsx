import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { AccessSlot } from './components/AccessSlot.tsx';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/Loading.tsx';
import { useLocation } from './router/location.ts';

// Every page is its own lazy chunk: the first screen loads only what it shows.
const pages: Record<string, LazyExoticComponent<ComponentType>> = {
  '/': lazy(() => import('./pages/ForestPage.tsx')),
  '/trends': lazy(() => import('./pages/TrendsPage.tsx')),
  '/movement': lazy(() => import('./pages/MovementPage.tsx')),
  '/features': lazy(() => import('./pages/FeaturesPage.tsx')),
  '/customers': lazy(() => import('./pages/CustomersPage.tsx')),
  '/data': lazy(() => import('./pages/DataPage.tsx')),
  '/settings': lazy(() => import('./pages/SettingsPage.tsx')),
  '/email': lazy(() => import('./subscriptions/EmailPage.tsx')),
  '/settings/wall': lazy(() => import('./wall/WallBuilderPage.tsx')),
};
// The wall screen runs bare: no layout, navigation or sign-in page (it says itself when its link is refused).
const WallPage = lazy(() => import('./wall/WallPage.tsx'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx'));

/** The app: the layout around the page the URL names. */
export function App() {
  const { pathname } = useLocation();
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/wall') {
    return (
      <Suspense fallback={null}>
        <WallPage />
      </Suspense>
    );
  }
  const Page = pages[path] ?? NotFoundPage;
  return (
    <AccessSlot name="AccessGate">
      <Layout>
        <Suspense fallback={<Loading what="page" />}>
          <Page />
        </Suspense>
      </Layout>
    </AccessSlot>
  );
}
