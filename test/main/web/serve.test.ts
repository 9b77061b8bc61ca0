// `npm start` without Electron (main/web/serve.ts) on a data folder whose store refuses: it says why and
// where, and stops — not 解锁失败 or 无法打开数据目录 alone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_PASSPHRASE } from '../../helpers';
import { folderWithDamagedClientTable } from '../../support/damagedStore';

const serve = fileURLToPath(new URL('../../../main/web/serve.ts', import.meta.url));

describe('the web host started on a damaged store', () => {
  it('unlocking from BEIAN_DESK_PASSPHRASE meets the damaged page: a damaged database to restore from a backup, and exit 1', async () => {
    const dir = await folderWithDamagedClientTable();
    const run = spawnSync(process.execPath, ['--import', 'tsx', serve, '--data', dir, '--port', '0'], {
      encoding: 'utf8',
      timeout: 60_000,
      killSignal: 'SIGKILL',
      env: { ...process.env, BEIAN_DESK_PASSPHRASE: TEST_PASSPHRASE, BEIAN_DESK_KDF_LOG2N: '12' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`数据目录“${dir}”中的数据库已损坏（SQLITE_CORRUPT），无法继续使用，请从备份恢复`);
    expect(run.stderr).not.toContain('解锁失败');
    expect(run.stderr).not.toContain('BEIAN_DESK_PASSPHRASE'); // nothing about the passphrase was wrong
  }, 90_000);
});
