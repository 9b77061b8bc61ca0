// The renderer's one query client. A refused call is not retried (the desk's answers are final: a wrong
// input, a locked desk, a damaged record), and nothing is fetched again just because the window got the
// focus back: a page shows what was true when it was opened or last written, as before.
import { QueryClient } from '@tanstack/react-query';

export function createDeskQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
}
