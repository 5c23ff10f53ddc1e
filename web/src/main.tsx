import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { applyStoredTheme } from './components/theme.ts';
import { installPrintHandlers } from './export/print.ts';
import './styles/base.css';
import './styles/layout.css';
import './styles/forest.css';
import './styles/pages.css';
import './styles/print.css';

applyStoredTheme();
installPrintHandlers();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A review meeting should not see a flash of errors for one dropped request.
      retry: (failures, error) => failures < 2 && !((error as { status?: number }).status! >= 400 && (error as { status?: number }).status! < 500),
      refetchOnWindowFocus: true,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
