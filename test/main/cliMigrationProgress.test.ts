// The CLI on a store of the previous version: it migrates on open and prints how far the upgrade has
// come on stderr (stdout keeps the command's own answer), then answers the command from the new index.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../main/db/open';
import { companyRecord } from '../fixtures/records';
import { TEST_PASSPHRASE, tempDir } from '../helpers';
import { turnBackToVersion } from '../support/olderStore';
import { cli } from '../support/cliRun';

process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;

describe('CLI on a store from before the search index', () => {
  it('prints the migration progress on stderr and then finds the client through the new index', async () => {
    const data = tempDir();
    for (const n of [1, 2, 3]) {
      const file = join(data, `c${n}.json`);
      writeFileSync(file, JSON.stringify(companyRecord(n)));
      expect((await cli(data, '--json', 'entity', 'add', '--file', file)).code).toBe(0);
    }
    // the store as version 9 left it: what migration 0010 and every later one add, taken away again
    turnBackToVersion(join(data, DB_FILE_NAME), 9);
    const found = await cli(data, '--json', 'search', 'shili000002');
    expect(found.code).toBe(0);
    expect(found.err).toContain('正在升级数据库（第 10 版 search-index）：建立客户搜索索引 0/3 0%');
    expect(found.err).toContain('建立客户搜索索引 3/3 100%\n');
    expect((JSON.parse(found.out) as { items: { id: number }[] }).items.map((i) => i.id)).toEqual([2]);
    // opened again: nothing left to migrate, nothing printed about it
    expect((await cli(data, '--json', 'search', 'shili000003')).err).not.toContain('正在升级数据库');
  });
});
