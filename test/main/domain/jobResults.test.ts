// Long jobs' results are declared in the contract: jobs.get answers with a status whose result has the
// shape its kind declares, so the renderer reads it typed; a result of the wrong shape, or a job kind
// nobody declared, is refused at the API's edge instead of reaching a screen as `unknown`.
import { describe, expect, it, vi } from 'vitest';
import { contract } from '../../../main/api/contract';
import { JOB_KINDS, JOB_RESULT_SCHEMAS, type JobStatus } from '../../../main/domain/jobResults';
import { JobRegistry, RESULT_UNREAD_MS } from '../../../main/jobs/jobs';

const jobsGet = contract['jobs.get'].output;
const status = (kind: string, result: unknown, state = 'done') => ({ id: '0123456789abcdef', kind, state, done: 1, total: 1, etaMs: 0, startedAt: '2026-12-04T10:00:00.000Z', error: null, result });
const checkAll = { checked: 2, rechecked: 2, day: '2026-12-05', notReadyCount: 1, warnedCount: 0, notReady: [{ id: 1, name: '深圳市示例科技有限公司', counts: { error: 1, warning: 0, info: 0 }, top: [{ ruleId: 'V-ENT-01', severity: 'error', path: ['entity', 'name'], message: '名称不能为空', hint: '', source: 'S0' }] }], warned: [] };

describe('jobs.get', () => {
  it('passes a finished 检查全部客户 with its clients and findings', () => {
    const parsed = jobsGet.parse(status('rules.checkAll', checkAll));
    expect(parsed.kind === 'rules.checkAll' && parsed.result?.notReady[0]?.top[0]?.ruleId).toBe('V-ENT-01');
  });

  it('passes a running job without a result yet', () => {
    expect(jobsGet.safeParse(status('sheet.batch', null, 'running')).success).toBe(true);
  });

  it('refuses a result shaped like another kind’s', () => {
    expect(jobsGet.safeParse(status('sheet.batch', checkAll)).success).toBe(false);
    expect(jobsGet.safeParse(status('backup.restore', { dataDir: '/tmp/x', materialFiles: '3', schemaVersion: 9 })).success).toBe(false);
  });

  it('refuses a job kind the contract does not declare', () => {
    expect(jobsGet.safeParse(status('transfer.import', { created: 1 })).success).toBe(false);
  });

  it('declares a result for every kind the registry can start', () => {
    expect(JOB_KINDS.sort()).toEqual(['backup.restore', 'intake.commit', 'intake.preview', 'intake.readDocuments', 'order.export', 'photos.check', 'photos.fix', 'rules.checkAll', 'sheet.batch', 'transfer.export']);
    for (const kind of JOB_KINDS) expect(jobsGet.safeParse(status(kind, null, 'failed')).success, kind).toBe(true);
    expect(Object.keys(JOB_RESULT_SCHEMAS).sort()).toEqual(JOB_KINDS);
  });
});

describe('the job registry', () => {
  it('reports a finished job in the shape jobs.get declares', async () => {
    const jobs = new JobRegistry();
    const id = jobs.start('sheet.batch', async (control) => {
      control.progress(1, 1);
      return { files: ['/tmp/核验单.pdf'], sheets: 1, bytes: 2048, warnings: [] };
    });
    await expect.poll(() => jobs.status(id).state).toBe('done');
    const parsed = jobsGet.parse(jobs.status(id));
    expect(parsed.kind).toBe('sheet.batch');
    expect(parsed.result).toEqual({ files: ['/tmp/核验单.pdf'], sheets: 1, bytes: 2048, warnings: [] });
  });

  // 证件识别 proposals carry an ID number and name in clear (documentReading.ts): not kept among the last jobs
  const reading = [{ fileName: 'id-front.jpg', kind: 'id-front', state: 'read', fields: [] }];

  it('hands a 证件识别 result out once, then answers as for an expired job', async () => {
    const jobs = new JobRegistry();
    const id = jobs.start('intake.readDocuments', async () => reading as never);
    await expect.poll(() => jobs.status(id).state).toBe('done');
    expect(() => jobs.status(id)).toThrow('任务不存在或已过期');
  });

  // The Excel import's 结果 workbook holds the sheet's rows with every 证件号码 and 手机号 in clear, and a photo
  // check's grid thumbnails are the ID scans themselves: on a team server the registry's memory is every session's.
  it.each([
    ['intake.commit', { created: 1, updated: 0, skipped: 0, failed: 0, rows: [], resultBase64: 'UEsDBA==', resultFileName: '导入结果.xlsx' }],
    ['photos.check', [{ file: '/scans/身份证正面.jpg', kind: 'id-front', kindSource: 'name', status: 'pass', checks: [], faces: [], thumbnail: '/9j/4AAQ' }]],
  ] as const)('hands a %s result out once, as it holds personal data', async (kind, result) => {
    const jobs = new JobRegistry();
    const id = jobs.start(kind, async () => result as never);
    let read: JobStatus | undefined;
    await expect.poll(() => (read = jobs.status(id)).state).toBe('done');
    expect(read!.result).toEqual(result);
    expect(() => jobs.status(id)).toThrow('任务不存在或已过期');
  });

  it('forgets a 证件识别 result nobody read after its time, and keeps other results', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const jobs = new JobRegistry();
      const personal = jobs.start('intake.readDocuments', async () => reading as never);
      const sheets = jobs.start('sheet.batch', async () => ({ files: [], sheets: 0, bytes: 0, warnings: [] }));
      await Promise.resolve();
      await Promise.resolve();
      vi.advanceTimersByTime(RESULT_UNREAD_MS - 1);
      vi.advanceTimersByTime(1);
      expect(() => jobs.status(personal)).toThrow('任务不存在或已过期');
      expect(jobs.status(sheets).state).toBe('done');
      expect(jobs.status(sheets).state).toBe('done');
    } finally {
      vi.useRealTimers();
    }
  });
});
