// The run leaves out the shell's desk variables and keeps the ones that configure the run itself.
import { describe, expect, it } from 'vitest';
import { dropShellDeskVariables } from './ownEnvironment';

describe('the test run’s own environment', () => {
  it('drops every BEIAN_DESK_* variable of the shell but the run’s own, and nothing else', () => {
    const env: NodeJS.ProcessEnv = {
      PATH: '/usr/bin',
      CI: 'true',
      BEIAN_DESK_DATA: '/home/agency/real-data',
      BEIAN_DESK_PASSPHRASE: 'the agency’s real passphrase',
      BEIAN_DESK_TEAM_SERVER: 'https://192.0.2.7:8443/',
      BEIAN_DESK_TEAM_FINGERPRINT: 'AB:CD',
      BEIAN_DESK_KDF_LOG2N: '20',
      BEIAN_DESK_SOMETHING_NEW: '1',
      BEIAN_DESK_REQUIRE_POSTGRES: '1',
      BEIAN_DESK_CHROMIUM: '/usr/bin/chromium',
    };
    expect(dropShellDeskVariables(env)).toEqual(['BEIAN_DESK_DATA', 'BEIAN_DESK_KDF_LOG2N', 'BEIAN_DESK_PASSPHRASE', 'BEIAN_DESK_SOMETHING_NEW', 'BEIAN_DESK_TEAM_FINGERPRINT', 'BEIAN_DESK_TEAM_SERVER']);
    expect(env).toEqual({ PATH: '/usr/bin', CI: 'true', BEIAN_DESK_REQUIRE_POSTGRES: '1', BEIAN_DESK_CHROMIUM: '/usr/bin/chromium' });
  });
});
