// Who may call what on a team server: the one table of API method → roles allowed, beside the contract.
// 管理员 everything; 操作员 clients, orders, sheets, packages, photos — not accounts, retention, deletion of
// clients, backups or the desk's security settings; 拍照点 the curtain photos of the orders given to it
// (further narrowed per call in roleScope.ts), never a personal number and never the photo desk, whose
// folder paths would be the server's own disk. The single
// desk has no accounts and does not read this table. `Record<Method, …>` makes a new method a type error
// until it is given its roles here; test/main/api/roles.test.ts checks the same at run time.
import type { AccountRole } from '../domain/accounts';
import type { Method } from './contract';

const ALL = ['admin', 'operator', 'photo'] as const satisfies readonly AccountRole[];
const STAFF = ['admin', 'operator'] as const satisfies readonly AccountRole[];
const ADMIN = ['admin'] as const satisfies readonly AccountRole[];

export const METHOD_ROLES: Record<Method, readonly AccountRole[]> = {
  'session.status': ALL,
  'session.ping': ALL,
  // the server's data key: unlocked at start; only a 管理员 may lock it or change its passphrase
  'session.setup': ADMIN,
  'session.unlock': ADMIN,
  'session.unlockWithOs': ADMIN,
  'session.lock': ADMIN,
  'session.changePassphrase': ADMIN,
  'session.setOsUnlock': ADMIN,
  'settings.get': STAFF,
  'settings.update': ADMIN, // idle lock, retention period
  'settings.operator': STAFF,
  'settings.setOperator': ADMIN,
  'entity.list': STAFF,
  'entity.get': STAFF,
  'entity.create': STAFF,
  'entity.update': STAFF,
  'entity.delete': ADMIN,
  'entity.reveal': STAFF,
  'entity.export': STAFF,
  'retention.set': ADMIN,
  'retention.due': STAFF,
  'retention.endService': STAFF,
  'retention.serviceStatus': STAFF,
  'person.exportAll': STAFF,
  'person.reveal': STAFF,
  'person.create': STAFF,
  'person.update': STAFF,
  'person.delete': STAFF,
  'website.create': STAFF,
  'website.update': STAFF,
  'website.delete': STAFF,
  'backup.create': ADMIN,
  'backup.suggestDir': ADMIN,
  'backup.restore': ADMIN,
  'rules.check': STAFF,
  'rules.checkClient': STAFF,
  'rules.checkAll': STAFF,
  'rules.checkAllPage': STAFF,
  'rules.catalog': STAFF,
  'rules.checkEdit': STAFF,
  'sheet.generate': STAFF,
  'sheet.save': STAFF,
  'sheet.stamp': STAFF,
  'sheet.previewStamp': STAFF,
  'sheet.suggestDir': STAFF,
  'sheet.batch': STAFF,
  'sheet.extract': STAFF,
  'settings.sheet': STAFF,
  'settings.updateSheet': STAFF,
  'providers.list': ALL,
  'order.create': STAFF,
  'order.get': STAFF,
  'order.list': STAFF,
  'order.upcoming': STAFF,
  'order.advance': STAFF,
  'order.attach': ALL, // 拍照点: curtain slots of its own orders (roleScope.ts)
  'order.acceptPhoto': STAFF,
  'order.link': STAFF,
  'order.export': STAFF,
  'order.ofEntity': STAFF,
  'order.typeOptions': STAFF,
  'order.awaitingCorrection': STAFF,
  'order.authCodes': STAFF,
  'order.addAuthCode': STAFF,
  'order.removeAuthCode': STAFF,
  'order.assignments': STAFF,
  'order.assign': STAFF,
  'transfer.export': STAFF,
  'transfer.import': STAFF,
  // the photo desk reads and writes folders by path, and on a team server a path is the server's own disk:
  // staff only. A 拍照点 uploads from its own machine instead (photo.tasks + order.attach).
  'photos.checkFolder': STAFF,
  'photos.recheck': STAFF,
  'photos.fix': STAFF,
  'photo.tasks': ALL,
  'material.check': STAFF,
  'material.add': STAFF,
  'material.list': STAFF,
  'material.read': STAFF,
  'material.delete': STAFF,
  // 拍照点 starts no job since the photo desk is staff only on a team server: it reads none either
  'jobs.get': STAFF,
  'jobs.cancel': STAFF,
  'audit.list': STAFF,
  'audit.operators': STAFF,
  'audit.byOperator': STAFF,
  'audit.operatorReport': ADMIN,
  'filed.get': STAFF,
  'filed.record': STAFF,
  'filed.password': STAFF,
  'filed.setPassword': STAFF,
  'filed.revealPassword': STAFF,
  'intake.template': STAFF,
  'intake.previewXlsx': STAFF,
  'intake.commitXlsx': STAFF,
  // 证件识别 reads ID numbers off the photos: staff only
  'intake.readDocuments': STAFF,
  'intake.acceptDocumentFields': STAFF,
  'export.clientsXlsx': STAFF,
  'export.clientXlsx': STAFF,
  'export.ordersXlsx': STAFF,
  'rejection.catalog': STAFF,
  'rejection.openOfEntity': STAFF,
  'gongan.ofOrder': STAFF,
  'gongan.save': STAFF,
  'gongan.complete': STAFF,
  'account.me': ALL,
  'account.list': STAFF, // 操作员 pick the 拍照点 an order goes to
  'account.create': ADMIN,
  'account.update': ADMIN,
  'account.setPassword': ADMIN,
  'account.unlock': ADMIN,
  // 设置 → 团队服务器 belongs to a desktop app's own data folder: a team server refuses these for every role
  'teamServer.get': ADMIN,
  'teamServer.check': ADMIN,
  'teamServer.save': ADMIN,
  'teamServer.clear': ADMIN,
  // 在本机运行团队服务器: the admin's own desk starts the agency's server; refused on a team server for every role
  'teamServerRun.get': ADMIN,
  'teamServerRun.start': ADMIN,
  'teamServerRun.stop': ADMIN,
  // leases (issue 14): lending clients to a field laptop and checking them in is 操作员's work, like transfer
  'lease.checkout': STAFF,
  'lease.list': STAFF,
  'lease.ofClients': STAFF,
  'lease.exportCheckin': STAFF,
  'lease.checkin': STAFF,
  'lease.conflicts': STAFF,
  'lease.settle': STAFF,
  'lease.cancel': STAFF,
};

export function mayCall(role: AccountRole, method: Method): boolean {
  return METHOD_ROLES[method].includes(role);
}
