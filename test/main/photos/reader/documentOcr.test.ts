// OCR-HEAVY: real recognition of rendered 营业执照 / 身份证 photos on the worker pool (PP-OCRv4 on
// onnxruntime CPU). Each photo costs 1–3 s on an idle core and up to ~20 s on a loaded two-core machine,
// so this file reads nine photos in all; the parsing rules are tested line by line, without OCR, in
// documentFields.test.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentPhotoResult } from '../../../../main/services/documentIntake';
import { readDocumentPhotos } from '../../../../main/services/documentIntake';
import { closeWorkerPool, workerPool } from '../../../../main/jobs/pool';
import { JobRegistry, type JobControl } from '../../../../main/jobs/jobs';
import type { JobStatus } from '../../../../main/api/contract';
import { companyRecord, uscc } from '../../../fixtures/records';
import { FAKE_ID, FAKE_USCC, ID_BACK, ID_FRONT, LICENCE, licenceQrText, renderIdBack, renderIdFront, renderLicence, renderNoText, wrongCheck } from '../../../fixtures/documents';
import { materialPdf } from '../../../fixtures/materials';
import { pixelBombPng } from '../../../fixtures/photos';
import { testRouter } from '../../../helpers';

// The file's readings on a pool of one thread (each thread loads the models: ≈ 3.5 s of CPU). The batches read one photo
// at a time; only the deadline test's photos given up would start a second thread, to read a photo whose reading is
// dropped: there the one after the photo given up waits for the thread, and is given up in its turn, as on a busy pool.
beforeAll(async () => {
  await closeWorkerPool();
  workerPool(1);
});
afterAll(() => closeWorkerPool());

const control = (): JobControl & { cancel(): void; seen: number[] } => {
  let cancelled = false;
  const seen: number[] = [];
  return { seen, progress: (done) => void seen.push(done), get cancelled() { return cancelled; }, cancel: () => void (cancelled = true) };
};
const values = (r: DocumentPhotoResult) => Object.fromEntries((r.reading?.proposals ?? []).map((p) => [p.key, p.value]));
const b64 = (b: Buffer) => b.toString('base64');

/** Every file under a folder (the data folder's material store), to look for the photo's bytes in clear. */
const filesUnder = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));

describe('reading licence and ID card photos through the API (OCR)', () => {
  it('proposes the fields of a licence, both ID sides and nothing for a photo without text; accepting them stores a client and the photo, encrypted', async () => {
    const { desk, router, logs } = await testRouter();
    const licence = await renderLicence(LICENCE, { jpegQuality: 82, rotate: 1.5 });
    const front = await renderIdFront(ID_FRONT, { jpegQuality: 85 });
    const back = await renderIdBack(ID_BACK, { blur: 0.6 });
    const started = await router.invoke('intake.readDocuments', {
      photos: [
        { fileName: '营业执照.jpg', contentBase64: b64(licence) },
        { fileName: 'front.jpg', kind: 'id-front', contentBase64: b64(front) },
        { fileName: 'back.png', contentBase64: b64(back) },
        { fileName: '风景.jpg', kind: 'licence', contentBase64: b64(await renderNoText()) },
      ],
    });
    expect(started.ok).toBe(true);
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    let status: JobStatus;
    for (;;) {
      const r = await router.invoke('jobs.get', { id: jobId });
      status = (r as { value: JobStatus }).value;
      if (status.state !== 'running') break;
      await new Promise((res) => setTimeout(res, 200));
    }
    expect(status.state).toBe('done');
    expect(status).toMatchObject({ done: 4, total: 4 });
    if (status.kind !== 'intake.readDocuments') throw new Error(`job kind ${status.kind}`);
    const [lic, idf, idb, none] = status.result!;

    expect(lic!.reading?.kind).toBe('licence');
    expect(values(lic!)).toEqual({ name: LICENCE.name, uscc: FAKE_USCC, address: LICENCE.address, legalRep: LICENCE.legalRep, type: LICENCE.type, term: LICENCE.term });
    expect(lic!.reading?.qr).toEqual({ found: true, uscc: FAKE_USCC, agrees: true });
    for (const p of lic!.reading!.proposals) {
      expect(p.confidence).toBeGreaterThan(0.8);
      expect(p.box.width).toBeGreaterThan(0);
      expect(p.box.x + p.box.width).toBeLessThanOrEqual(1);
    }
    // the name's box lies on the 名称 row of the rendered licence (y 290 of 780, slightly rotated)
    const nameBox = lic!.reading!.proposals.find((p) => p.key === 'name')!.box;
    expect(nameBox.y * lic!.reading!.height).toBeGreaterThan(240);
    expect(nameBox.y * lic!.reading!.height).toBeLessThan(320);

    expect(idf!.reading?.kind).toBe('id-front');
    expect(values(idf!)).toEqual({ name: ID_FRONT.name, sex: '男', ethnicity: '汉', birth: '1990-03-07', address: ID_FRONT.address, number: FAKE_ID });
    expect(idb!.reading?.kind).toBe('id-back');
    expect(values(idb!)).toEqual({ authority: ID_BACK.authority, validity: '2015-03-07 至 2035-03-07' });
    expect(none).toEqual({ fileName: '风景.jpg', reading: null, error: expect.stringMatching(/没有识别到文字/) });

    // nothing was written by reading
    expect(filesUnder(join(desk.dataDir, 'files')).filter((f) => !f.includes('quarantine'))).toEqual([]);
    // accepted values make the client; the photos are stored as its materials, encrypted
    const fill = Object.assign({}, ...[lic, idf, idb].flatMap((r) => r!.reading!.proposals.map((p) => p.fill))) as Record<string, string>;
    const record = companyRecord(1);
    Object.assign(record.entity, { name: fill['entity.name'], certNumber: fill['entity.certNumber'], certAddress: fill['entity.certAddress'], certValidTo: fill['entity.certValidTo'] });
    Object.assign(record.people[0]!, { name: fill['person.name'], certNumber: fill['person.certNumber'], certValidFrom: fill['person.certValidFrom'], certValidTo: fill['person.certValidTo'] });
    const created = await router.invoke('entity.create', { record });
    expect(created.ok).toBe(true);
    const entityId = (created as { value: { id: number } }).value.id;
    const stored = await router.invoke('material.add', { entityId, kind: 'licence', fileName: '营业执照.jpg', contentBase64: b64(licence) });
    expect(stored.ok).toBe(true);
    const onDisk = filesUnder(join(desk.dataDir, 'files'));
    expect(onDisk.length).toBe(1);
    expect(readFileSync(onDisk[0]!).includes(licence.subarray(0, 64))).toBe(false);

    // the log never carries a recognised value
    const logged = logs.join('\n');
    for (const v of [FAKE_USCC, FAKE_ID, LICENCE.name, ID_FRONT.name]) expect(logged).not.toContain(v);
  }, 300_000);

  it('reads a degraded licence photo (red seal over the code, blur, JPEG artefacts, tilt): every field exact, the code agreeing with the QR code', async () => {
    const [r] = await readDocumentPhotos([{ fileName: 'seal.jpg', data: await renderLicence(LICENCE, { sealOverText: true, jpegQuality: 60, rotate: -2, blur: 0.8 }) }], control());
    expect(values(r!)).toEqual({ name: LICENCE.name, uscc: FAKE_USCC, address: LICENCE.address, legalRep: LICENCE.legalRep, type: LICENCE.type, term: LICENCE.term });
    expect(r!.reading?.qr?.agrees).toBe(true);
  }, 300_000);

  it('refuses a code whose check character fails, and a licence code the QR code contradicts', async () => {
    const other = uscc('91110108MA00000017'.slice(0, 17));
    const results = await readDocumentPhotos(
      [
        { fileName: 'qr.png', data: await renderLicence({ ...LICENCE, qrText: licenceQrText(other) }) },
        { fileName: 'front.png', data: await renderIdFront({ ...ID_FRONT, number: wrongCheck(FAKE_ID) }) },
      ],
      control(),
    );
    const [lic, idf] = results;
    expect(values(lic!).uscc).toBeUndefined();
    expect(lic!.reading?.qr).toEqual({ found: true, uscc: other, agrees: false });
    expect(lic!.reading?.refusals.find((r) => r.key === 'uscc')?.reason).toMatch(/二维码中的代码不一致/);
    expect(values(lic!).name).toBe(LICENCE.name);
    expect(values(idf!).number).toBeUndefined();
    expect(idf!.reading?.refusals.find((r) => r.key === 'number')?.reason).toMatch(/校验位不符/);
    expect(values(idf!).name).toBe(ID_FRONT.name);
  }, 300_000);
});

describe('photos that cannot be read', () => {
  it('names what is wrong with a file that is not an image, a PDF, a truncated JPEG and a 200-megapixel image', async () => {
    const jpeg = await renderIdBack(ID_BACK, { jpegQuality: 80 });
    const c = control();
    const results = await readDocumentPhotos(
      [
        { fileName: 'notes.txt', data: Buffer.from('这不是照片') },
        { fileName: '营业执照扫描.pdf', data: await materialPdf('营业执照扫描') },
        { fileName: 'cut.jpg', data: jpeg.subarray(0, Math.floor(jpeg.length / 2)) },
        { fileName: 'bomb.png', data: pixelBombPng(20000, 10000) },
      ],
      c,
    );
    expect(results.map((r) => [r.fileName, r.reading, r.error])).toEqual([
      ['notes.txt', null, expect.stringMatching(/不是可读取的图片/)],
      ['营业执照扫描.pdf', null, '这是 PDF 文件，不是照片：请导出为 JPG'],
      ['cut.jpg', null, expect.stringMatching(/图片已损坏或不完整/)],
      ['bomb.png', null, expect.stringMatching(/百万像素.*已拒绝/)],
    ]);
    expect(c.seen).toEqual([0, 1, 2, 3, 4]);
  }, 120_000);

  it('hears 取消 between photos: asked while the last photo is read, too late (done, every reading); asked before the next photo, it stops there (cancelled, with what it read)', async () => {
    const blank = await renderNoText();
    const photos = [{ fileName: 'a.png', data: blank }, { fileName: 'b.png', data: blank }];
    const jobs = new JobRegistry();
    // a 证件识别 result is handed out once: the status that ends the wait is the one kept
    const ended = async (id: string) => {
      let last!: JobStatus;
      await expect.poll(() => (last = jobs.status(id)).state, { timeout: 60_000 }).not.toBe('running');
      return last;
    };
    // 取消 as the job starts: its one photo is on a worker, and the work has looked for the last time
    const late = jobs.start('intake.readDocuments', (c) => readDocumentPhotos(photos.slice(0, 1), c));
    jobs.cancel(late);
    const lateEnd = await ended(late);
    expect(lateEnd).toMatchObject({ state: 'done', cancelTooLate: true, done: 1, total: 1 });
    // read to its end: a photo without text, told so (not dropped)
    expect(lateEnd.kind === 'intake.readDocuments' && lateEnd.result?.map((r) => [r.fileName, r.error])).toEqual([['a.png', expect.stringMatching(/^照片中没有识别到文字/)]]);
    // 取消 while the first of two is read: the second is never started
    const early = jobs.start('intake.readDocuments', (c) => readDocumentPhotos(photos, c));
    jobs.cancel(early);
    const earlyEnd = await ended(early);
    expect(earlyEnd).toMatchObject({ state: 'cancelled', done: 1, total: 2 });
    expect(earlyEnd).not.toHaveProperty('cancelTooLate');
    expect(earlyEnd.kind === 'intake.readDocuments' && earlyEnd.result?.map((r) => [r.fileName, r.error])).toEqual([['a.png', expect.stringMatching(/^照片中没有识别到文字/)]]);
  }, 120_000);

  it('gives up a photo not read within its deadline with the reason and goes on, leaving its worker to finish it', async () => {
    const back = await renderIdBack(ID_BACK);
    // photos without text where what they show does not matter: the models load and look at them as at any
    // photo (detection), without the recognition of each line a card's text costs (≈ 0.4 s of CPU against 1.4 s)
    const blank = await renderNoText();
    const pool = workerPool();
    await readDocumentPhotos([{ fileName: 'warm.jpg', data: blank }], control()); // a worker with the models loaded
    const before = { completed: pool.completed, threads: pool.threads.map((t) => t.threadId).sort() };
    const c = control();
    // 1 ms: each photo is given up while a worker reads it
    const results = await readDocumentPhotos([{ fileName: 'a.jpg', data: blank }, { fileName: 'b.jpg', data: blank }], c, 1);
    expect(results).toEqual([
      { fileName: 'a.jpg', reading: null, error: expect.stringMatching(/^识别超时（超过 \d+ 秒）：请重新选择这张照片/) },
      { fileName: 'b.jpg', reading: null, error: expect.stringMatching(/^识别超时/) },
    ]);
    expect(c.seen).toEqual([0, 1, 2]);
    // the readings given up run on to their end on their workers, none of which is ended in the middle of the OCR
    // (that can take the whole process down: runOnWorker); then the pool reads as before
    await expect.poll(() => pool.completed - before.completed, { timeout: 60_000 }).toBe(2);
    expect(pool.threads.map((t) => t.threadId).sort()).toEqual(expect.arrayContaining(before.threads));
    const [again] = await readDocumentPhotos([{ fileName: 'again.png', data: back }], control());
    expect(values(again!)).toMatchObject({ validity: expect.stringMatching(/2015-03-07/) });
  }, 120_000);
});
