// What `npm run mutate` mutates, and which tests judge each folder: the narrowest set that covers its
// claims, so a run finishes on a shared two-core machine. Scores are measured against these targets.
export interface MutatedFolder {
  /** Folder under main/. */
  folder: string;
  /** Test files (globs from the repository root) that exercise it. */
  tests: string[];
  /** Test files among `tests` left out, each for the reason its entry gives. */
  exclude?: string[];
  /** Mutation score (%) the folder is held to. */
  target: number;
  /** Its tests need the unit run's throwaway PostgreSQL cluster (test/support/pgGlobalSetup.ts). */
  postgres?: boolean;
}

export const MUTATED_FOLDERS: MutatedFolder[] = [
  // teamBackup.test.ts runs pg_dump and pg_restore against the unit run's cluster: without it the team
  // backup's tests were skipped and teamBackup.ts and pgTools.ts judged by nothing.
  // No file is left out: the direct tests (archive*, backupManifest, pgTools, tempFiles: crafted zips and
  // hand-made backups, no desk) judge the reader, the limits, the names and the manifest, but only a desk
  // can be backed up, so createBackup (backup.test.ts, backupCreate.test.ts) and the team backup and
  // restore (teamBackup*.test.ts, a desk on the cluster) have no judge without their whole-desk tests.
  // perTest coverage runs those only for the mutants they reach (createBackup's and the team paths').
  { folder: 'backup', tests: ['test/main/backup/**/*.test.ts'], target: 90, postgres: true },
  {
    folder: 'secrets',
    // keyBinding.test.ts and damagedField.test.ts (whole desks and the CLI) made each mutant cost tens of
    // seconds on a loaded machine; vaultStates.test.ts and fieldCrypto.test.ts judge the same binding and
    // DATA_TAMPERED refusals of this folder directly. atomicWrites.test.ts holds the keyring's fsync.
    // atRest.test.ts stores clients through whole desks: its refusals of a tampered or cut material file
    // and of a sealed field are judged directly by fileCrypto.test.ts and fieldCrypto.test.ts; its WAL and
    // plaintext-store cases are claims of db/ and services/, not of this folder. vault.test.ts and
    // unlockForCli.test.ts stay: they alone judge a passphrase change that succeeds and unlockForCli.ts.
    // vaultOpenFails.test.ts (a vault alone, no desk) judges the lock and wipe when an unlock listener fails.
    tests: ['test/main/secrets/**/*.test.ts', 'test/durability/atomicWrites.test.ts'],
    exclude: ['test/main/secrets/atRest.test.ts'],
    target: 90,
  },
  {
    folder: 'files',
    // folderModes.test.ts sets process.umask(), which Stryker's vitest runner (worker threads) cannot;
    // ownerOnly.test.ts judges the same modes without it. missingDatabase.test.ts (whole desks and the
    // CLI) made each mutant cost tens of seconds on a loaded machine; dataFolderTrace.test.ts and
    // storeLifecycle.test.ts judge the same rules of dataFolder.ts and store.ts directly.
    // storeLegacy.test.ts judges a damaged legacy clear file set aside encrypted; test/main/deskLegacyFiles.test.ts
    // (whole desks) is left out like missingDatabase.test.ts: it is outside these globs.
    tests: ['test/main/files/**/*.test.ts', 'test/durability/atomicWrites.test.ts'],
    target: 90,
    // materialBlobs.test.ts judges the team database's chunks on PostgreSQL too
    postgres: true,
  },
  {
    folder: 'jobs',
    // the registry (jobResults.test.ts), the pool's refusals, deadline and heap (jobs/, poolImageWork.test.ts) and a
    // worker dying under check-all (checkAllPool.test.ts, on both stores); documentOcr.test.ts's deadline is the
    // reader's own (services/documentIntake.ts), judged there
    tests: ['test/main/jobs/**/*.test.ts', 'test/main/domain/jobResults.test.ts', 'test/main/photos/poolImageWork.test.ts', 'test/main/services/checkAllPool.test.ts'],
    target: 90,
    postgres: true,
  },
  { folder: 'rules', tests: ['test/main/rules/**/*.test.ts'], target: 80 },
  {
    folder: 'filings',
    tests: ['test/main/filings/**/*.test.ts'],
    // checklist.test.ts stores each client through a whole desk (openTestDesk: the app, its router and the
    // store) to get ids; checklistSlots.test.ts judges the same requiredSlots rules (个人 and 企业 new
    // filings, 上海 at Tencent, 域名证书, 湖南's 法人 change, contact-only changes) on views built directly.
    exclude: ['test/main/filings/checklist.test.ts'],
    target: 80,
  },
];

export function mutatedFolder(name: string | undefined): MutatedFolder {
  const found = MUTATED_FOLDERS.find((f) => f.folder === name);
  if (!found) throw new Error(`MUTATE_FOLDER must be one of ${MUTATED_FOLDERS.map((f) => f.folder).join(', ')}; got ${String(name)}`);
  return found;
}
