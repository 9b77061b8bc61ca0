// One handler per contract method; each receives input the router has already validated.
import { dirname, join, resolve } from 'node:path';
import { servicesOnFirstCall, startPackageExport } from './lazyServices';
import type { z } from 'zod';
import { backupInto } from './lazyServices';
import { checkMaterial, checkPhotoFolder, recheckPhoto, startPhotoFix } from './lazyServices';
import { extractStampImage, previewStamp, sheetSettings, updateSheetSettings } from './lazyServices';
import { batchSheets, generateSheet, saveGeneratedSheet, stampSheet } from './lazyServices';
import { exportPersonReadable } from './lazyServices';
import { startTransferExport } from './lazyServices';
import { importTransferUpload } from './lazyServices';
import type { Desk } from '../desk';
import { commitXlsx, importTemplate, previewXlsx } from './lazyServices';
import { applyAcceptedFields, readDocumentPhotos } from './lazyServices';
import { exportClientListXlsx, exportOneClientXlsx, exportOrdersXlsx } from './lazyServices';
import type { Contract, Method, MethodOutput } from './contract';
import { DeskError } from '../domain/errors';
import { followupHandlers } from './followupsHandlers';
import { accountHandlers } from './accountsHandlers';
import { teamServerHandlers } from './teamServerHandlers';
import { localTeamServerHandlers } from './localTeamServerHandlers';
import { leaseHandlers } from './leasesHandlers';
import type { Caller } from '../services/accounts';
// the services load on a handler's first call (issue 20: a host starts without them)
const { providerList, ruleCatalog } = servicesOnFirstCall(() => import('../services/catalogs'));
const { ordersOfClient } = servicesOnFirstCall(() => import('../services/clientOrders'));
const { acceptFailedPhoto, advanceOrder, attachToOrder, checkOrderPhotos, createOrder, getOrder, linkExisting, listOrders } = servicesOnFirstCall(() => import('../services/orders'));
const { checkDraft } = servicesOnFirstCall(() => import('../services/checks'));
const { checkAllClients, checkAllPage } = servicesOnFirstCall(() => import('../services/checkAll'));
const { checkEdit } = servicesOnFirstCall(() => import('../services/editCheck'));
const { operatorSetting, setOperatorName } = servicesOnFirstCall(() => import('../services/operator'));
const { clientReadiness } = servicesOnFirstCall(() => import('../services/readiness'));
const { dueForDeletion, endService, serviceStillRunning, setRetention } = servicesOnFirstCall(() => import('../services/retention'));
const { checkRestoreTarget, restoreIntoEmptyFolder } = servicesOnFirstCall(() => import('../services/restore'));
const { upcomingDeadlines } = servicesOnFirstCall(() => import('../services/upcoming'));
const { filedOverview, recordExistingFiling } = servicesOnFirstCall(() => import('../services/filedState'));
const { filingTypeOptions } = servicesOnFirstCall(() => import('../services/changeOrders'));
const { filingPasswordStored, revealFilingPassword, setFilingPassword } = servicesOnFirstCall(() => import('../services/filingPassword'));
const { changeSessionPassphrase, getSettings, sessionStatus, setupSession, statusAfterUnlock, unlockSession, updateSettings } = servicesOnFirstCall(() => import('../services/session'));
const { addMaterial, listMaterials, readMaterial, removeMaterial } = servicesOnFirstCall(() => import('../services/materials'));
const {
  addPerson,
  addWebsite,
  auditTrail,
  createClientChecked,
  deleteClient,
  editPerson,
  editWebsite,
  exportClient,
  getClient,
  listClients,
  removePerson,
  removeWebsite,
  revealClient,
  revealPerson,
  updateClientEntity,
} = servicesOnFirstCall(() => import('../services/clients'));

/**
 * A service names a field by its path in what it was given (a client record: ['entity', 'certNumber']);
 * the API's error paths, like its input validation's, start at the method's input ({ record }). Without
 * the key the new-client form put a refusal on no field and said “请修改标红的字段” with nothing red.
 */
async function pathsUnder<T>(key: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof DeskError) || !err.details?.length) throw err;
    throw new DeskError(err.code, err.message, err.details.map((d) => ({ ...d, path: [key, ...d.path] })), err.conflict);
  }
}

type Handlers = { [M in Method]: (input: z.output<Contract[M]['input']>, desk: Desk, caller?: Caller | null) => MethodOutput<M> | Promise<MethodOutput<M>> };

export const handlers: Handlers = {
  // the window's status after the desk was unlocked at start (OS key store, the host's passphrase) carries what that unlock found
  'session.status': (_i, desk) => statusAfterUnlock(desk),
  'session.setup': (i, desk) => setupSession(desk, i.passphrase),
  'session.unlock': (i, desk) => unlockSession(desk, i.passphrase),
  'session.unlockWithOs': async (_i, desk) => {
    if (!await desk.vault.unlockWithOs()) throw new DeskError('WRONG_PASSPHRASE', '无法使用系统钥匙串解锁，请输入数据密码');
    await desk.touch();
    return await statusAfterUnlock(desk);
  },
  'session.ping': (_i, desk) => sessionStatus(desk),
  'session.lock': async (_i, desk) => {
    desk.vault.lock();
    return await sessionStatus(desk);
  },
  'session.changePassphrase': (i, desk) => changeSessionPassphrase(desk, i.current, i.next),
  'session.setOsUnlock': async (i, desk) => {
    desk.vault.setOsUnlock(i.enabled);
    return await sessionStatus(desk);
  },
  'settings.get': (_i, desk) => getSettings(desk),
  'settings.update': ({ rowVersion, ...patch }, desk) => updateSettings(desk, patch, rowVersion),
  'entity.list': (i, desk) => listClients(desk, { text: i.query, offset: i.offset, limit: i.limit, sortBy: i.sortBy, sortDir: i.sortDir }),
  'entity.get': (i, desk) => getClient(desk, i.id),
  'entity.create': (i, desk) => pathsUnder('record', () => createClientChecked(desk, i.record)),
  'entity.update': (i, desk) => updateClientEntity(desk, i.id, i.entity, i.rowVersion),
  'entity.delete': (i, desk) => deleteClient(desk, i.id, i.reason),
  'retention.set': async (i, desk) => {
    await setRetention(desk, i.entityId, i.serviceEndedAt, i.retentionMonths);
    return { ok: true as const };
  },
  'retention.due': (_i, desk) => dueForDeletion(desk),
  'person.exportAll': (i, desk) => exportPersonReadable(desk, i.id),
  'backup.create': (i, desk) => backupInto(desk, i.dir),
  'rules.check': (i, desk) => checkDraft(desk, i.record, i.entityId),
  // 可提交 means ready: the client badge and check-all add the materials and photo checks to the rules
  'rules.checkClient': (i, desk) => clientReadiness(desk, i.id, i.filingType || i.provider ? { type: i.filingType, provider: i.provider } : undefined),
  'rules.checkAll': async (_i, desk) => ({ jobId: desk.jobs.start('rules.checkAll', (control) => checkAllClients(desk, control)) }),
  'rules.checkAllPage': (i, desk) => checkAllPage(desk, i),
  'rules.catalog': () => ruleCatalog(),
  'sheet.generate': async (i, desk) => {
    const r = await generateSheet(desk, i.websiteId, { draft: i.draft, ...(i.provider ? { provider: i.provider } : {}) });
    return { fileName: r.fileName, contentBase64: Buffer.from(r.pdf).toString('base64'), copies: r.copies, provider: r.provider, warnings: r.warnings };
  },
  'sheet.save': (i, desk) => saveGeneratedSheet(desk, i.websiteId),
  'sheet.stamp': async (i, desk) => {
    const r = await stampSheet(desk, i.websiteId, {
      ...(i.sourceMaterialId ? { sourceMaterialId: i.sourceMaterialId } : {}),
      ...(i.sealBase64 ? { seal: Buffer.from(i.sealBase64, 'base64') } : {}),
      ...(i.signatureBase64 ? { signature: Buffer.from(i.signatureBase64, 'base64') } : {}),
      sealOffset: i.sealOffset,
      signatureOffset: i.signatureOffset,
    });
    return { material: r.material, contentBase64: Buffer.from(r.pdf).toString('base64') };
  },
  'sheet.previewStamp': async (i, desk) => {
    const stamp = {
      ...(i.sealBase64 ? { seal: Buffer.from(i.sealBase64, 'base64') } : {}),
      ...(i.signatureBase64 ? { signature: Buffer.from(i.signatureBase64, 'base64') } : {}),
      sealOffset: i.sealOffset,
      signatureOffset: i.signatureOffset,
    };
    const r = await previewStamp(desk, i.websiteId, stamp);
    return { contentBase64: Buffer.from(r.pdf).toString('base64'), sealOverSignature: r.sealOverSignature, warning: r.warning };
  },
  'sheet.suggestDir': (_i, desk) => ({ dir: join(dirname(resolve(desk.dataDir)), 'BeianDesk-核验单') }),
  'sheet.batch': async (i, desk) => ({ jobId: desk.jobs.start('sheet.batch', (control) => batchSheets(desk, { websiteIds: i.websiteIds, outDir: i.dir, combined: i.combined }, control)) }),
  'sheet.extract': async (i) => {
    const data = Buffer.from(i.contentBase64, 'base64');
    const r = await extractStampImage(i.kind, data);
    return { pngBase64: r.png.toString('base64'), width: r.width, height: r.height, inkRatio: r.inkRatio };
  },
  'settings.sheet': (_i, desk) => sheetSettings(desk),
  'providers.list': () => providerList(),
  'settings.updateSheet': ({ rowVersion, ...settings }, desk) => updateSheetSettings(desk, settings, rowVersion),
  'order.create': (i, desk) => createOrder(desk, { entityId: i.entityId, type: i.type, provider: i.provider, ...(i.websiteIds ? { websiteIds: i.websiteIds } : {}), effectiveDate: i.effectiveDate, change: i.change }),
  'order.get': async (i, desk) => {
    await checkOrderPhotos(desk, i.id);
    return getOrder(desk, i.id);
  },
  'order.list': (i, desk) => listOrders(desk, { ...(i.states ? { states: i.states } : {}), ...(i.provider ? { provider: i.provider } : {}), ...(i.type ? { type: i.type } : {}), ...(i.province ? { province: i.province } : {}), openOnly: i.openOnly }),
  'order.upcoming': (_i, desk) => upcomingDeadlines(desk),
  'order.advance': async (i, desk) => {
    // the submit step reads the photo checks: measure what is new first
    await checkOrderPhotos(desk, i.id);
    return advanceOrder(desk, i.id, {
      to: i.to,
      ...(i.reason ? { reason: i.reason } : {}),
      ...(i.providerOrderNo ? { providerOrderNo: i.providerOrderNo } : {}),
      ...(i.entityIcpNumber ? { entityIcpNumber: i.entityIcpNumber } : {}),
      ...(i.websiteIcpNumbers ? { websiteIcpNumbers: Object.fromEntries(Object.entries(i.websiteIcpNumbers).map(([k, v]) => [Number(k), v])) } : {}),
      ...(i.reasons ? { reasons: i.reasons } : {}),
      ...(i.confirmedConsequence ? { confirmedConsequence: true } : {}),
    });
  },
  'order.acceptPhoto': async (i, desk) => {
    await checkOrderPhotos(desk, i.orderId);
    return acceptFailedPhoto(desk, i.orderId, i.slot, i.reason);
  },
  'order.attach': (i, desk) => attachToOrder(desk, i.orderId, i.slot, { fileName: i.fileName, data: Buffer.from(i.contentBase64, 'base64') }),
  'order.link': async (i, desk) => {
    await linkExisting(desk, i.orderId, i.slot, i.materialId);
    return { ok: true as const };
  },
  'order.export': (i, desk) => startPackageExport(desk, i.id, i.provider, i.dir),
  'transfer.export': (i, desk) => startTransferExport(desk, i.entityIds, i.passphrase, i.dir),
  'transfer.import': (i, desk) => importTransferUpload(desk, Buffer.from(i.contentBase64, 'base64'), i.passphrase),
  'photos.checkFolder': (i, desk) => ({ jobId: desk.jobs.start('photos.check', (control) => checkPhotoFolder(desk, i.dir, { ...(i.kind ? { kind: i.kind } : {}), ...(i.kinds ? { kinds: i.kinds } : {}), provider: i.provider }, control)) }),
  'photos.recheck': (i, desk) => recheckPhoto(desk, i.file, i.kind, i.provider),
  'material.check': async (i, desk) => {
    const r = await checkMaterial(desk, i.id, i.provider);
    return r && { status: r.status, checks: r.checks, faces: r.faces };
  },
  'photos.fix': (i, desk) => startPhotoFix(desk, i.files, i.dir, i.outDir, { ...(i.kind ? { kind: i.kind } : {}), ...(i.kinds ? { kinds: i.kinds } : {}), provider: i.provider, ...(i.watermark ? { watermark: i.watermark } : {}) }),
  'order.ofEntity': (i, desk) => ordersOfClient(desk, i.entityId),
  'jobs.get': (i, desk) => desk.jobs.status(i.id),
  'jobs.cancel': (i, desk) => desk.jobs.cancel(i.id),
  'backup.suggestDir': (_i, desk) => ({ dir: join(dirname(resolve(desk.dataDir)), 'BeianDesk-备份') }),
  'backup.restore': async (i, desk) => {
    await checkRestoreTarget(desk, i); // refused before the job starts
    return { jobId: desk.jobs.start('backup.restore', (control) => restoreIntoEmptyFolder(desk, i, control)) };
  },
  'entity.reveal': (i, desk) => revealClient(desk, i.id, i.purpose),
  'entity.export': async (i, desk) => await exportClient(desk, i.id, i.reveal) as MethodOutput<'entity.export'>,
  'person.reveal': (i, desk) => revealPerson(desk, i.id, i.purpose),
  'person.create': (i, desk) => addPerson(desk, i.entityId, i.person),
  'person.update': (i, desk) => editPerson(desk, i.id, i.person, i.rowVersion),
  'person.delete': (i, desk) => removePerson(desk, i.id),
  'website.create': (i, desk) => addWebsite(desk, i.entityId, i.website),
  'website.update': (i, desk) => editWebsite(desk, i.id, i.website, i.rowVersion),
  'website.delete': (i, desk) => removeWebsite(desk, i.id),
  'material.add': (i, desk) =>
    addMaterial(desk, { entityId: i.entityId, personId: i.personId, websiteId: i.websiteId, kind: i.kind, fileName: i.fileName, data: Buffer.from(i.contentBase64, 'base64') }),
  'material.list': (i, desk) => listMaterials(desk, i.entityId),
  'material.read': async (i, desk) => {
    const { material, data } = await readMaterial(desk, i.id);
    return { material, contentBase64: data.toString('base64') };
  },
  'material.delete': (i, desk) => removeMaterial(desk, i.id),
  'audit.list': (i, desk) => auditTrail(desk, { entityId: i.entityId, limit: i.limit }),
  // 已备案信息 and orders against it (issue 13)
  'filed.get': (i, desk) => filedOverview(desk, i.entityId),
  'filed.record': async (i, desk) => {
    await recordExistingFiling(desk, i.entityId, {
      provider: i.provider,
      filedAt: i.filedAt,
      entityIcpNumber: i.entityIcpNumber,
      websiteIcpNumbers: i.websiteIcpNumbers ? Object.fromEntries(Object.entries(i.websiteIcpNumbers).map(([k, v]) => [Number(k), v])) : undefined,
      websiteProviders: i.websiteProviders ? Object.fromEntries(Object.entries(i.websiteProviders).map(([k, v]) => [Number(k), v])) : undefined,
    });
    return filedOverview(desk, i.entityId);
  },
  'filed.password': async (i, desk) => ({ stored: await filingPasswordStored(desk, i.entityId) }),
  'filed.setPassword': (i, desk) => setFilingPassword(desk, i.entityId, i.password),
  'filed.revealPassword': (i, desk) => revealFilingPassword(desk, i.entityId, i.purpose),
  'order.typeOptions': (i, desk) => filingTypeOptions(desk, i.entityId, i.provider, i.originElsewhere === undefined ? {} : { originElsewhere: i.originElsewhere }),
  ...followupHandlers,
  // --- issue 17 (friction) ---
  'settings.operator': (_i, desk) => operatorSetting(desk),
  'settings.setOperator': async (i, desk) => {
    return await setOperatorName(desk, i.name);
  },
  'retention.endService': (i, desk) => endService(desk, i.entityId, i.reason),
  'retention.serviceStatus': async (i, desk) => ({ runningBecause: await serviceStillRunning(desk, i.entityId) }),
  'rules.checkEdit': (i, desk) => checkEdit(desk, i.entityId, { ...(i.entity ? { entity: i.entity } : {}), ...(i.website ? { website: i.website } : {}), ...(i.person ? { person: i.person } : {}) }),
  // ---- Excel intake and export ----
  'intake.template': () => importTemplate(),
  'intake.previewXlsx': async (i, desk) => ({
    jobId: desk.jobs.start('intake.preview', (control) => previewXlsx(desk, { fileName: i.fileName, data: Buffer.from(i.contentBase64, 'base64'), mapping: i.mapping }, control)),
  }),
  'intake.commitXlsx': async (i, desk) => ({ jobId: desk.jobs.start('intake.commit', (control) => commitXlsx(desk, i, control)) }),
  'export.clientsXlsx': (i, desk) => exportClientListXlsx(desk, { query: i.query, reveal: i.reveal }),
  'export.clientXlsx': (i, desk) => exportOneClientXlsx(desk, i.id, i.reveal),
  'export.ordersXlsx': (i, desk) => exportOrdersXlsx(desk, { ...(i.states ? { states: i.states } : {}), ...(i.provider ? { provider: i.provider } : {}), ...(i.type ? { type: i.type } : {}), ...(i.province ? { province: i.province } : {}), openOnly: i.openOnly }),
  // ---- Licence and ID card photos → proposed fields ----
  'intake.readDocuments': (i, desk) => ({
    jobId: desk.jobs.start('intake.readDocuments', (control) => readDocumentPhotos(i.photos.map((p) => ({ fileName: p.fileName, kind: p.kind, data: Buffer.from(p.contentBase64, 'base64') })), control)),
  }),
  'intake.acceptDocumentFields': (i, desk) =>
    applyAcceptedFields(desk, { entityId: i.entityId, personId: i.personId, fill: i.fill, photo: i.photo ? { kind: i.photo.kind, fileName: i.photo.fileName, data: Buffer.from(i.photo.contentBase64, 'base64') } : null }),
  // ---- team mode (issue 14) ----
  ...accountHandlers,
  ...teamServerHandlers,
  ...localTeamServerHandlers,
  // ---- leases (issue 14) ----
  ...leaseHandlers,
};
