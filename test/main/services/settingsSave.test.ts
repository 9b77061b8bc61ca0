// The two settings forms under optimistic concurrency (issue 14, "every editable row carries a version"):
// 设置's idle lock / retention / validity warning and the 核验单 settings are saved only over the version the
// form read; a stale save is refused with EDIT_CONFLICT naming the fields, who and when, and writes nothing.
// On both stores.
import { expect, it } from 'vitest';
import { asActor } from '../../../main/db/actorScope';
import { listAudit } from '../../../main/db/repositories/audit';
import { DeskError } from '../../../main/domain/errors';
import { getSettings, updateSettings } from '../../../main/services/session';
import { sheetSettings, updateSheetSettings } from '../../../main/services/sheetTools';
import { describeEachStore } from '../../support/eachStore';
import { refusal } from '../../support/refusal';

describeEachStore('settings saved over the version their form read', (openDesk) => {
  it('numbers the desk settings from 0 and moves the version on with each save that changes something', async () => {
    const desk = await openDesk();
    const first = await getSettings(desk);
    expect(first).toEqual({ idleLockMinutes: 15, retentionMonths: 24, validityWarnDays: 30, rowVersion: 0 });
    const saved = await updateSettings(desk, { retentionMonths: 36 }, 0);
    expect(saved).toMatchObject({ retentionMonths: 36, rowVersion: 1 });
    expect(await updateSettings(desk, { idleLockMinutes: 5, retentionMonths: 36 }, 1)).toMatchObject({ idleLockMinutes: 5, rowVersion: 2 });
    // nothing changed: the version stays, so nobody's open form goes stale
    expect(await updateSettings(desk, { idleLockMinutes: 5 }, 2)).toMatchObject({ rowVersion: 2 });
    expect((await getSettings(desk)).rowVersion).toBe(2);
  });

  it('refuses a save over an older version with the fields, who and when, and keeps the newer values', async () => {
    const desk = await openDesk();
    await asActor('李四', () => updateSettings(desk, { retentionMonths: 12, validityWarnDays: 60 }, 0));
    const err = await refusal(asActor('张三', () => updateSettings(desk, { idleLockMinutes: 30, retentionMonths: 48 }, 0)));
    expect(err.code).toBe('EDIT_CONFLICT');
    expect(err.conflict).toMatchObject({
      target: 'settings',
      readVersion: 0,
      currentVersion: 1,
      changedBy: '李四',
      fields: [
        { field: 'retentionMonths', label: '默认保留期限（月）' },
        { field: 'validityWarnDays', label: '证件到期提前警告（天）' },
      ],
    });
    expect(err.message).toContain('设置已被李四');
    expect(await getSettings(desk)).toEqual({ idleLockMinutes: 15, retentionMonths: 12, validityWarnDays: 60, rowVersion: 1 });
    // 仍然保存: the same values over the version now stored
    expect(await asActor('张三', () => updateSettings(desk, { idleLockMinutes: 30, retentionMonths: 48 }, err.conflict!.currentVersion))).toMatchObject({ idleLockMinutes: 30, retentionMonths: 48, validityWarnDays: 60, rowVersion: 2 });
    const log = (await listAudit(desk.ctx, { limit: 10 })).filter((e) => e.action === 'settings.update');
    expect(log.map((e) => [e.actor, e.detail])).toEqual([
      ['张三', { fields: ['idleLockMinutes', 'retentionMonths'], rowVersion: 2 }],
      ['李四', { fields: ['retentionMonths', 'validityWarnDays'], rowVersion: 1 }],
    ]);
  });

  it('lets only one of two operators saving over the same version win, on the 核验单 settings too', async () => {
    const desk = await openDesk();
    const read = await sheetSettings(desk);
    expect(read.rowVersion).toBe(0);
    const results = await Promise.allSettled([
      asActor('甲', () => updateSheetSettings(desk, { accessMethod: '云接入', verifierName: '甲核验', providers: {} }, read.rowVersion)),
      asActor('乙', () => updateSheetSettings(desk, { accessMethod: '云接入', verifierName: '乙核验', providers: {} }, read.rowVersion)),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const err = lost[0]!.reason as DeskError;
    expect(err.code).toBe('EDIT_CONFLICT');
    expect(err.conflict).toMatchObject({ target: 'sheetSettings', currentVersion: 1, fields: [{ field: 'verifierName', label: '核验人员' }] });
    const stored = await sheetSettings(desk);
    expect(stored.rowVersion).toBe(1);
    expect(stored.verifierName).toBe(err.conflict!.changedBy === '甲' ? '甲核验' : '乙核验');
  });

  it('moves the version on without a check for a write that read the settings itself (the CLI)', async () => {
    const desk = await openDesk();
    await updateSettings(desk, { retentionMonths: 6 }, 0);
    expect(await updateSettings(desk, { retentionMonths: 7 })).toMatchObject({ retentionMonths: 7, rowVersion: 2 });
  });
});
