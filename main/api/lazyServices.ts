// The services that load PDF, Excel, image or zip libraries (pdf-lib with fontkit, exceljs, sharp,
// yazl/yauzl), each imported on its first call: a read command of the CLI and a host's start load none of
// them (several hundred milliseconds of module loading). handlers.ts imports these names from here
// instead of from the services; the calls and their types are the services' own.
type AsyncFn = (...args: never[]) => Promise<unknown>;
type AsyncExports<M> = { [K in keyof M]: M[K] extends AsyncFn ? K : never }[keyof M];

/** `name` of the module `load` imports, called after the import; only async functions (their callers already await). */
function onFirstCall<M, K extends AsyncExports<M>>(load: () => Promise<M>, name: K): M[K] {
  const call = async (...args: unknown[]): Promise<unknown> => await ((await load())[name] as unknown as (...a: unknown[]) => Promise<unknown>)(...args);
  return call as unknown as M[K];
}

/** A service function as called through a module loaded on first use: it always returns a promise. */
type Deferred<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
type DeferredFunctions<M> = { readonly [K in keyof M as M[K] extends (...args: never[]) => unknown ? K : never]: Deferred<M[K]> };

/**
 * Every function of the service module `load` imports, each importing the module on its first call
 * (issue 20: the handlers' services, loaded eagerly, were a large part of a host's start). A service that
 * throws at once rejects instead; every handler's result is awaited by the router, and a handler that must
 * refuse before it starts a job awaits the call. Destructure the names a handler file uses:
 * `const { getClient } = servicesOnFirstCall(() => import('../services/clients'));`
 */
export function servicesOnFirstCall<M extends object>(load: () => Promise<M>): DeferredFunctions<M> {
  let loading: Promise<M> | undefined;
  const calls = new Map<PropertyKey, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as DeferredFunctions<M>, {
    get(_target, name) {
      let call = calls.get(name);
      if (!call) {
        call = async (...args: unknown[]) => {
          const module = await (loading ??= load());
          const fn = (module as Record<PropertyKey, unknown>)[name];
          if (typeof fn !== 'function') throw new TypeError(`service function ${String(name)} is missing`);
          return await (fn as (...a: unknown[]) => unknown)(...args);
        };
        calls.set(name, call);
      }
      return call;
    },
  });
}

const packages = () => import('../services/packages');
export const startPackageExport = onFirstCall(packages, 'startPackageExport');

const backups = () => import('../services/backups');
export const backupInto = onFirstCall(backups, 'backupInto');

const photos = () => import('../services/photos');
export const checkMaterial = onFirstCall(photos, 'checkMaterial');
export const checkPhotoFolder = onFirstCall(photos, 'checkPhotoFolder');
export const recheckPhoto = onFirstCall(photos, 'recheckPhoto');
export const startPhotoFix = onFirstCall(photos, 'startPhotoFix');

const sheetTools = () => import('../services/sheetTools');
export const extractStampImage = onFirstCall(sheetTools, 'extractStampImage');
export const previewStamp = onFirstCall(sheetTools, 'previewStamp');
export const sheetSettings = onFirstCall(sheetTools, 'sheetSettings');
export const updateSheetSettings = onFirstCall(sheetTools, 'updateSheetSettings');

const sheets = () => import('../services/sheets');
export const batchSheets = onFirstCall(sheets, 'batchSheets');
export const generateSheet = onFirstCall(sheets, 'generateSheet');
export const saveGeneratedSheet = onFirstCall(sheets, 'saveGeneratedSheet');
export const stampSheet = onFirstCall(sheets, 'stampSheet');

const personExport = () => import('../services/personExport');
export const exportPersonReadable = onFirstCall(personExport, 'exportPersonReadable');

const transferExport = () => import('../services/transferExport');
export const startTransferExport = onFirstCall(transferExport, 'startTransferExport');
const transferImport = () => import('../services/transferImport');
export const importTransferUpload = onFirstCall(transferImport, 'importTransferUpload');
export const importTransfer = onFirstCall(transferImport, 'importTransfer');

const intake = () => import('../services/intake');
export const commitXlsx = onFirstCall(intake, 'commitXlsx');
export const importTemplate = onFirstCall(intake, 'importTemplate');
export const previewXlsx = onFirstCall(intake, 'previewXlsx');

const documentIntake = () => import('../services/documentIntake');
export const applyAcceptedFields = onFirstCall(documentIntake, 'applyAcceptedFields');
export const readDocumentPhotos = onFirstCall(documentIntake, 'readDocumentPhotos');

const xlsxExport = () => import('../services/xlsxExport');
export const exportClientListXlsx = onFirstCall(xlsxExport, 'exportClientListXlsx');
export const exportOneClientXlsx = onFirstCall(xlsxExport, 'exportOneClientXlsx');
export const exportOrdersXlsx = onFirstCall(xlsxExport, 'exportOrdersXlsx');

// leases (issue 14): check-out, 归还 and check-in read and write transfer archives
const leases = () => import('../services/leases');
export const checkOutClientsTo = onFirstCall(leases, 'checkOutClientsTo');
export const exportCheckinTo = onFirstCall(leases, 'exportCheckinTo');
const leaseCheckin = () => import('../services/leaseCheckin');
export const checkInUpload = onFirstCall(leaseCheckin, 'checkInUpload');
export const checkInLease = onFirstCall(leaseCheckin, 'checkInLease');
export const leaseConflicts = onFirstCall(leaseCheckin, 'leaseConflicts');
export const settleConflict = onFirstCall(leaseCheckin, 'settleConflict');
