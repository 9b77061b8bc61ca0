import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafeArchive } from '../../../main/backup/archive';
import { packageZip, type PackageInput, type PackageItem } from '../../../main/export/package';
import { providerProfile } from '../../../main/providers/profiles';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { buildPackage } from '../../../main/services/packages';
import { runCli } from '../../../main/cli';
import { createClients } from '../../../main/services/clients';
import { acceptFailedPhoto, advanceOrder, createOrder } from '../../../main/services/orders';
import { individual } from '../../fixtures/drafts';
import { fillOrder, groupPhoto } from '../../fixtures/materials';
import { openTestDesk, tempDir, TEST_PASSPHRASE } from '../../helpers';

async function orderReady(dataDir?: string) {
  const desk = await openTestDesk(dataDir);
  const { filing: _f, ...rec } = individual();
  const [c] = await createClients(desk, [clientRecordSchema.parse(rec)]);
  const o = await createOrder(desk, { entityId: c!.id, type: '首次备案', provider: 'tencent' });
  return { desk, order: o };
}

describe('submission package', () => {
  it('is refused while materials are missing, naming them', async () => {
    const { desk, order } = await orderReady();
    await expect(buildPackage(desk, order.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('缺少材料') });
  });

  it('has the expected layout, a manifest whose hashes match, and the same bytes when exported twice', async () => {
    const { desk, order } = await orderReady();
    await fillOrder(desk, order.id);
    const a = await buildPackage(desk, order.id);
    const b = await buildPackage(desk, order.id);
    expect(a.zip.equals(b.zip)).toBe(true);
    const file = join(tempDir(), a.fileName);
    writeFileSync(file, a.zip);
    const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
    const root = `王小明-首次备案-订单${order.id}`;
    for (const p of [`${root}/腾讯云/王小明-证件正面.jpg`, `${root}/腾讯云/王小明-证件背面.jpg`, `${root}/腾讯云/王小明的摄影博客-幕布照片-王小明.jpg`, `${root}/腾讯云/王小明的摄影博客-核验单-已签字.jpg`, `${root}/腾讯云/王小明的摄影博客-核验单.pdf`, `${root}/manifest.json`, `${root}/提交清单.pdf`]) {
      expect(listing, p).toContain(p);
    }
    const zip = await SafeArchive.open(file, { label: '提交包', allowed: () => true, limits: { maxEntryBytes: 1e9, maxTotalBytes: 1e10, maxEntries: 1000 } });
    const byName = zip.entries;
    const manifest = JSON.parse((await zip.read(byName.get(`${root}/manifest.json`)!, 1e9)).data.toString('utf8'));
    expect(manifest.schemaVersion).toBe(1);
    expect(manifest.files).toHaveLength(5);
    for (const f of manifest.files) {
      const { data, sha256 } = await zip.read(byName.get(f.path)!, 1e9);
      expect(sha256, f.path).toBe(f.sha256);
      expect(createHash('sha256').update(data).digest('hex')).toBe(f.sha256);
    }
    expect(manifest.acceptedPhotos).toEqual([]);
    zip.close();
  }, 60_000);

  it('is refused while a photo fails its checks, naming the slot and the reason; exported once it is accepted, with the acceptance in the manifest', async () => {
    const { desk, order } = await orderReady();
    const view = await fillOrder(desk, order.id, { files: { curtain: await groupPhoto() } });
    const curtain = view.checklist.find((c) => c.kind === 'curtain')!;
    expect(curtain.status).toBe('failed');
    await expect(buildPackage(desk, order.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/照片检查不通过：王小明的摄影博客：网站负责人王小明的幕布照片——.*竖拍/) });

    await acceptFailedPhoto(desk, order.id, curtain.id, '人工核对：照片为网站负责人本人，检测误判');
    const pkg = await buildPackage(desk, order.id);
    const file = join(tempDir(), pkg.fileName);
    writeFileSync(file, pkg.zip);
    const root = `王小明-首次备案-订单${order.id}`;
    const manifest = JSON.parse(execFileSync('unzip', ['-p', file, `${root}/manifest.json`], { encoding: 'utf8' }));
    expect(manifest.acceptedPhotos).toEqual([
      {
        slot: curtain.id,
        label: curtain.label,
        path: `${root}/腾讯云/王小明的摄影博客-幕布照片-王小明.jpg`,
        failedChecks: expect.arrayContaining([expect.objectContaining({ id: 'dimensions' }), expect.objectContaining({ id: 'face', message: expect.stringContaining('4 张人脸') })]),
        reason: '人工核对：照片为网站负责人本人，检测误判',
        acceptedBy: expect.any(String),
        acceptedAt: expect.any(String),
      },
    ]);
  }, 90_000);

  it('is refused for an abandoned order, saying it is read-only', async () => {
    const { desk, order } = await orderReady();
    await fillOrder(desk, order.id);
    await advanceOrder(desk, order.id, { to: '已放弃' });
    await expect(buildPackage(desk, order.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('订单已放弃，只能查看：不能再上传材料、导出提交包') });
  }, 60_000);

  it('CLI export exits 1 with the reasons while blocked and writes nothing', async () => {
    process.env.BEIAN_DESK_PASSPHRASE = TEST_PASSPHRASE;
    const dataDir = tempDir();
    const { desk, order } = await orderReady(dataDir);
    await desk.close();
    const out = join(tempDir(), 'p.zip');
    let err = '';
    const code = await runCli(['--data', dataDir, 'export', String(order.id), '--out', out], { out: () => undefined, err: (t) => (err += t) });
    expect(code).toBe(1);
    expect(err).toContain('缺少材料');
    expect(existsSync(out)).toBe(false);
  });
});

describe('the names inside a package', () => {
  const input = (items: PackageItem[]): PackageInput => ({
    order: { id: 7, type: '首次备案', state: '草稿', providerOrderNo: null },
    profile: providerProfile('tencent'),
    entity: { name: '长沙某某科技有限公司', nature: '企业', province: '湖南省', icpNumber: null },
    websites: [],
    items,
    warnings: [],
    acceptedPhotos: [],
  });
  const scan = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, n]);
  const root = '长沙某某科技有限公司-首次备案-订单7/腾讯云';

  it('never differ in letter case alone: Windows and macOS would extract two such files as one', async () => {
    const pkg = await packageZip(input([
      { slot: 'website:1:sheet', kind: 'sheet', site: 'Blog博客', mime: 'image/jpeg', fileName: 'a.jpg', data: scan(1) },
      { slot: 'website:2:sheet', kind: 'sheet', site: 'blog博客', mime: 'image/jpeg', fileName: 'b.jpg', data: scan(2) },
    ]));
    expect(Object.fromEntries(pkg.files.map((f) => [f.slot, f.path]))).toEqual({
      'website:1:sheet': `${root}/Blog博客-核验单-已签字.jpg`,
      'website:2:sheet': `${root}/blog博客-核验单-已签字-2.jpg`,
    });
  });

  it('name the website of a 网站负责人授权书, as its slot does: one person’s two sites give two letters told apart', async () => {
    const pkg = await packageZip(input([
      { slot: 'entity:principal-authorisation', kind: 'authorisation', person: '张三', mime: 'application/pdf', fileName: 'a.pdf', data: scan(1) },
      { slot: 'website:1:authorisation', kind: 'authorisation', person: '李四', site: '某某科技官网', mime: 'application/pdf', fileName: 'b.pdf', data: scan(2) },
      { slot: 'website:2:authorisation', kind: 'authorisation', person: '李四', site: '某某科技商城', mime: 'application/pdf', fileName: 'c.pdf', data: scan(3) },
    ]));
    expect(Object.fromEntries(pkg.files.map((f) => [f.slot, f.path]))).toEqual({
      'entity:principal-authorisation': `${root}/授权书-张三.pdf`,
      'website:1:authorisation': `${root}/某某科技官网-授权书-李四.pdf`,
      'website:2:authorisation': `${root}/某某科技商城-授权书-李四.pdf`,
    });
  });
});
