// The gate in front of a submission package, where it can be walked around: a material linked to a slot it does
// not fit, a package laid out for another provider than the order's, and a save landing between the gate and
// the gathering of the package's data.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientRecordSchema, type ClientRecord } from '../../../main/domain/schemas';
import { createClients, editWebsite, getClient } from '../../../main/services/clients';
import { acceptFailedPhoto, createOrder, getOrder, linkExisting, linkProblem } from '../../../main/services/orders';
import { addMaterial } from '../../../main/services/materials';
import { buildPackage, exportPackageTo } from '../../../main/services/packages';
import { listAudit } from '../../../main/db/repositories/audit';
import { websiteFieldsOf } from '../../../main/db/repositories/websites';
import { individual } from '../../fixtures/drafts';
import { fillOrder, goodMaterial, groupPhoto } from '../../fixtures/materials';
import { openTestDesk, tempDir } from '../../helpers';
import { builtOnce, type OpenDesk } from '../../support/eachStore';
import { fillSmallDisk, mountSmallDisk, smallDisksAvailable, unmountSmallDisk } from '../../support/smallDisk';

async function clientWithOrder(provider: string, edit: (r: ClientRecord) => void = () => undefined) {
  const desk = await openTestDesk();
  const { filing: _f, ...rec } = individual();
  const record = clientRecordSchema.parse(rec);
  edit(record);
  const [c] = await createClients(desk, [record]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider });
  return { desk, entityId: c!.id, order: o };
}

/**
 * A tencent order filled with passing files (or its curtain photo the failing group photo), built once per file;
 * each test gets a copy of that desk (eachStore.ts builtOnce), a desk of its own.
 */
const filledTencent = builtOnce(async () => {
  const { desk, entityId, order } = await clientWithOrder('tencent');
  return { desk, entityId, order, view: await fillOrder(desk, order.id) };
});
const groupCurtainTencent = builtOnce(async () => {
  const { desk, entityId, order } = await clientWithOrder('tencent');
  return { desk, entityId, order, view: await fillOrder(desk, order.id, { files: { curtain: await groupPhoto() } }) };
});
const openSqlite: OpenDesk = (options = {}) => openTestDesk(tempDir(), options);
const filled = () => filledTencent(openSqlite, 'sqlite');
const filledWithGroupCurtain = () => groupCurtainTencent(openSqlite, 'sqlite');

describe('使用已有材料 (order.link)', () => {
  it('refuses a material of another kind for a photo slot: a failing curtain photo stored as 其他材料 cannot stand in for it', async () => {
    const { desk, entityId, order, view } = await filledWithGroupCurtain();
    const curtain = view.checklist.find((s) => s.kind === 'curtain')!;
    expect(curtain.status).toBe('failed');
    const other = await addMaterial(desk, { entityId, kind: 'other', fileName: 'group.jpg', data: await groupPhoto() });
    await expect(linkExisting(desk, order.id, curtain.id, other.id)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('材料类型不符：该材料是“其他材料”') });
    const after = await getOrder(desk, order.id);
    expect(after.checklist.find((s) => s.id === curtain.id)!.status).toBe('failed');
    await expect(buildPackage(desk, order.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  }, 120_000);

  it('refuses another person’s or another website’s material, and an unknown slot', () => {
    const slot = { kind: 'id-front' as const, label: '王小明：身份证人像面', personId: 1, websiteId: null };
    expect(linkProblem(slot, { kind: 'id-front', personId: 1, websiteId: null })).toBeNull();
    expect(linkProblem(slot, { kind: 'id-front', personId: 2, websiteId: null })).toContain('不属于“王小明：身份证人像面”对应的负责人');
    expect(linkProblem(slot, { kind: 'id-front', personId: null, websiteId: null })).toContain('对应的负责人');
    const site = { kind: 'domain-cert' as const, label: '博客：域名证书', personId: null, websiteId: 5 };
    expect(linkProblem(site, { kind: 'domain-cert', personId: null, websiteId: 6 })).toContain('对应的网站');
    expect(linkProblem(site, { kind: 'domain-cert', personId: 3, websiteId: 5 })).toBeNull();
  });

  it('a fitting link is recorded in the order’s history and the log, and moves the client’s revision', async () => {
    const { desk, entityId, order, view } = await filled();
    const front = view.checklist.find((s) => s.kind === 'id-front')!;
    const again = await addMaterial(desk, { entityId, personId: front.personId, kind: 'id-front', fileName: '人像面-复印.jpg', data: await goodMaterial('id-front', 1) });
    const revision = async () => (await desk.ctx.db.selectFrom('entity').select('revision').where('id', '=', entityId).executeTakeFirstOrThrow()).revision;
    const before = await revision();
    await expect(linkExisting(desk, order.id, 'no-such-slot', again.id)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('订单没有材料项') });
    await linkExisting(desk, order.id, front.id, again.id);
    expect(Number(await revision())).toBeGreaterThan(Number(before));
    expect((await getOrder(desk, order.id)).events.map((e) => e.reason)).toContain(`使用已有材料“人像面-复印.jpg”作为“${front.label}”`);
    expect((await listAudit(desk.ctx, { entityId, limit: 5 }))[0]).toMatchObject({ action: 'order.link', detail: { slot: front.id, material: again.id } });
  }, 120_000);
});

describe('a package laid out for another provider', () => {
  it('is held to that provider’s rules: an Aliyun order whose homepage has no www. is refused as a Tencent package', async () => {
    const { desk, order } = await clientWithOrder('aliyun', (r) => {
      r.websites[0]!.homepages = ['wxm-photo.cn'];
    });
    await fillOrder(desk, order.id);
    expect((await getOrder(desk, order.id)).problems).toEqual([]);
    await expect(buildPackage(desk, order.id, 'tencent')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('V-URL-02') });
    const own = await buildPackage(desk, order.id);
    expect(own.fileName).toContain('阿里云');
    await expect(buildPackage(desk, order.id, 'no-such-cloud')).rejects.toMatchObject({ code: 'VALIDATION', message: '没有这个接入商：no-such-cloud' });
  }, 120_000);
});

describe('a photo acceptance under another provider', () => {
  it('holds for the order’s own provider only: judged for another, the failing photo blocks again', async () => {
    const { desk, order, view } = await filledWithGroupCurtain();
    const curtain = view.checklist.find((s) => s.kind === 'curtain')!;
    await acceptFailedPhoto(desk, order.id, curtain.id, '人工核对：确为本人');
    expect((await buildPackage(desk, order.id)).fileName).toContain('腾讯云');
    await expect(buildPackage(desk, order.id, 'aliyun')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('照片检查不通过') });
    // the order itself is as it was
    expect((await getOrder(desk, order.id)).checklist.find((s) => s.id === curtain.id)!.status).toBe('accepted');
  }, 120_000);
});

describe('a save between the gate and the package', () => {
  it('refuses the package instead of writing data the gate never passed', async () => {
    const { desk, order } = await filled();
    const entity = await getClient(desk, order.entityId);
    const site = entity.websites[0]!;
    // the materials are read after the gate: another operator's save lands on the first of those reads
    const read = desk.blobs.read.bind(desk.blobs);
    let saved = false;
    desk.blobs.read = async (sha256: string) => {
      if (!saved) {
        saved = true;
        await editWebsite(desk, site.id, { ...websiteFieldsOf(site), homepages: ['never-checked.cn'] });
      }
      return read(sha256);
    };
    await expect(buildPackage(desk, order.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('导出期间该客户的资料有改动') });
    expect(saved).toBe(true);
    desk.blobs.read = read;
    // exported again, the order is judged on what is there now: V-URL-02 (Tencent wants www.)
    await expect(buildPackage(desk, order.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('V-URL-02') });
  }, 120_000);
});

// the export's log entry says the client's materials left the desk: written once the file is there, never for a
// file that is not
describe('导出提交包 into a folder', () => {
  const exported = async (desk: Awaited<ReturnType<typeof openTestDesk>>, entityId: number) => (await listAudit(desk.ctx, { entityId, limit: 50 })).filter((a) => a.action === 'order.export');

  it.runIf(smallDisksAvailable())('on a full disk: refused in Chinese, no file left, no export logged', async () => {
    const { desk, entityId, order } = await filled();
    const disk = mountSmallDisk(1);
    try {
      fillSmallDisk(disk, 1);
      await expect(exportPackageTo(desk, order.id, undefined, join(disk, 'out'))).rejects.toThrow('磁盘');
      // the output folder the export made is taken back with its file
      expect(existsSync(join(disk, 'out'))).toBe(false);
    } finally {
      unmountSmallDisk(disk);
    }
    expect(await exported(desk, entityId)).toEqual([]);
    const done = await exportPackageTo(desk, order.id, undefined, tempDir());
    expect(done.files).toBeGreaterThan(0);
    expect(await exported(desk, entityId)).toHaveLength(1);
  }, 120_000);

  it('takes the written file back when the export cannot be logged', async () => {
    const { desk, entityId, order } = await filled();
    const out = tempDir();
    const tx = desk.sql.tx.bind(desk.sql);
    // the gate and the gathering use transactions of their own: only the log's, once the file is there, fails
    desk.sql.tx = ((work: () => Promise<unknown>) => (readdirSync(out).length ? Promise.reject(new Error('日志写入失败')) : tx(work))) as typeof desk.sql.tx;
    try {
      await expect(exportPackageTo(desk, order.id, undefined, out)).rejects.toThrow('日志写入失败');
    } finally {
      desk.sql.tx = tx;
    }
    expect(readdirSync(out)).toEqual([]);
    expect(await exported(desk, entityId)).toEqual([]);
  }, 120_000);
});
