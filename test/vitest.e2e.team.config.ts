// The e2e suite again, against team servers on PostgreSQL with a login instead of the token
// (`npm run test:e2e:team`): each file's desk is a team server over a database of its own on one
// throwaway cluster (test/support/pgGlobalSetup.ts), its pages logged in as a 管理员 (test/e2e/support.ts).
import { defineConfig, mergeConfig } from 'vitest/config';
import desk from './vitest.e2e.config';

export default mergeConfig(
  desk,
  defineConfig({
    test: {
      globalSetup: ['test/support/pgGlobalSetup.ts'],
      provide: { e2eRun: 'team' },
    },
  }),
);
