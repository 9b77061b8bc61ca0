// The unlocked state of a data folder: holds the data key in memory while unlocked, forgets it on lock.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DeskError } from '../domain/errors';
import type { SensitiveKind } from '../db/sensitive';
import { deriveKeys, openField, type DerivedKeys } from './fieldCrypto';
import { checkPassphraseStrength, KEYRING_FILE, keyCheck, newKeyring, readKeyring, unwrapWithPassphrase, unwrapWithPassphraseOffThread, wrapWithPassphrase, writeFirstKeyring, writeKeyring, type Keyring } from './keyring';

/** The operating system's secret store, provided by the Electron shell (safeStorage). */
export interface OsKeyStore {
  isAvailable(): boolean;
  wrap(secret: string): string;
  unwrap(wrapped: string): string;
}

export type VaultState = 'uninitialised' | 'locked' | 'unlocked';

/**
 * What the store says about the key that sealed it. The keyring check (keyring.ts) only proves the
 * passphrase opens that keyring; this proves the keyring belongs to this database.
 */
export interface StoreKeyBinding {
  /** The check value kept in the database, or null when none was written yet. */
  readCheck(): Promise<string | null>;
  writeCheck(check: string): Promise<void>;
  /** A few sealed values of the store, to try a key on when no check value was written yet. */
  sampleSealed(): Promise<{ kind: SensitiveKind; sealed: string }[]>;
  /** True when the database or the file store holds anything sealed under some data key. */
  holdsSealedData(): Promise<boolean>;
}

/** The check value kept in the database: an HMAC of a fixed label under the data key. */
export const storeKeyCheck = (dataKey: Buffer) => createHmac('sha256', dataKey).update('beian-desk/store-key-check/v1').digest('hex');

export class Vault {
  private dataKey: Buffer | null = null;
  private keys: DerivedKeys | null = null;
  private readonly unlockListeners: (() => Promise<void>)[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly os?: OsKeyStore,
    private readonly kdfLog2n?: number,
    private readonly binding?: StoreKeyBinding,
  ) {}

  state(): VaultState {
    if (this.keys) return 'unlocked';
    return readKeyring(this.dataDir) ? 'locked' : 'uninitialised';
  }

  /** The derived keys; refuses while locked, naming what to do. */
  derived(): DerivedKeys {
    if (this.keys) return this.keys;
    if (!readKeyring(this.dataDir)) throw new DeskError('SETUP_REQUIRED', '首次使用请先设置数据密码（用于加密证件号码、手机号和材料文件）');
    throw new DeskError('LOCKED', '备案助手已锁定，请输入数据密码解锁');
  }

  /** Runs after every unlock, before unlocking returns (e.g. sealing a legacy store's clear values). */
  onUnlocked(listener: () => Promise<void>): void {
    this.unlockListeners.push(listener);
  }

  /**
   * Unlocked only once every listener has run: when one fails (the store could not be brought up to date),
   * the keys are wiped and the vault is locked again before the failure is passed on, so a rejected setup
   * or unlock never leaves the data readable.
   */
  private async open(dataKey: Buffer): Promise<void> {
    this.dataKey = dataKey;
    this.keys = deriveKeys(dataKey);
    try {
      for (const l of this.unlockListeners) await l();
    } catch (err) {
      this.lock();
      throw err;
    }
  }

  private keyring(): Keyring {
    const k = readKeyring(this.dataDir);
    if (k) return k;
    // Unlocked, the folder was set up: the file went missing since (a sync tool, an antivirus, a clean-up).
    // Set-up would be refused (assertSetupAllowed), and a keyring written afresh from the key in memory would
    // let whoever sits at an unlocked desk choose a passphrase without knowing the current one.
    if (this.keys) {
      throw new DeskError(
        'KEYRING_MISSING',
        `数据目录“${this.dataDir}”中的密钥文件 ${KEYRING_FILE} 不见了（可能被同步软件、杀毒软件或清理工具移走），无法修改密码或自动解锁设置。` +
          `请从该目录的备份中取回 ${KEYRING_FILE} 放回此目录后重试；放回之前请不要锁定或关闭备案助手（没有它，下次无法解锁）。未做任何改动。`,
      );
    }
    throw new DeskError('SETUP_REQUIRED', '首次使用请先设置数据密码');
  }

  /** Refuses setup where a keyring exists, or where the store was sealed under a key whose keyring is gone. */
  async assertSetupAllowed(): Promise<void> {
    if (readKeyring(this.dataDir)) throw new DeskError('CONFLICT', '数据密码已经设置过；如需更换请使用“修改密码”');
    if (this.binding && (await this.binding.readCheck() !== null || await this.binding.holdsSealedData())) {
      throw new DeskError(
        'KEYRING_MISSING',
        `数据目录“${this.dataDir}”缺少密钥文件 ${KEYRING_FILE}，但其中已有加密的数据：不能重新设置数据密码（新的密钥解不开已有数据）。` +
          `请从该目录的备份中取回 ${KEYRING_FILE} 放回此目录，或用“npm run cli -- --data 空目录 backup restore 备份文件”恢复整个备份；未做任何改动。`,
      );
    }
  }

  async setup(passphrase: string): Promise<void> {
    await this.assertSetupAllowed();
    const { keyring, dataKey } = newKeyring(passphrase, this.kdfLog2n);
    // Keyring first: a crash before the check value is written leaves a store that binds on its next unlock.
    // Two set-ups at once both pass the look above (it awaits the store): only the first keyring written stays.
    if (!writeFirstKeyring(this.dataDir, keyring)) {
      dataKey.fill(0);
      throw new DeskError('CONFLICT', '数据密码已经设置过；如需更换请使用“修改密码”');
    }
    await this.binding?.writeCheck(storeKeyCheck(dataKey));
    await this.open(dataKey);
  }

  async unlock(passphrase: string): Promise<void> {
    const dataKey = await unwrapWithPassphraseOffThread(this.keyring(), passphrase);
    await this.bindOrRefuse(dataKey);
    await this.open(dataKey);
  }

  /** Opens with a key only once it is known to be this store's; a refused key is wiped from memory. */
  private async bindOrRefuse(dataKey: Buffer): Promise<void> {
    try {
      await this.bind(dataKey);
    } catch (err) {
      dataKey.fill(0);
      throw err;
    }
  }

  /**
   * Refuses a data key that did not seal this store (a keyring copied from another data folder, even with
   * the same passphrase). A store written before the check value existed gets it now, once a sealed value
   * of it opens under the key.
   */
  private async bind(dataKey: Buffer): Promise<void> {
    if (!this.binding) return;
    const expected = Buffer.from(storeKeyCheck(dataKey), 'hex');
    const stored = await this.binding.readCheck();
    if (stored !== null) {
      const found = Buffer.from(stored, 'hex');
      if (found.length === expected.length && timingSafeEqual(found, expected)) return;
      throw this.foreignKeyring();
    }
    const sample = await this.binding.sampleSealed();
    if (sample.length) {
      const keys = deriveKeys(dataKey);
      const opens = sample.some(({ kind, sealed }) => {
        try {
          openField(keys.field, kind, sealed);
          return true;
        } catch {
          return false;
        }
      });
      for (const b of Object.values(keys)) (b as Buffer).fill(0);
      if (!opens) throw this.foreignKeyring();
    }
    await this.binding.writeCheck(expected.toString('hex'));
  }

  private foreignKeyring(): DeskError {
    return new DeskError(
      'KEYRING_FOREIGN',
      `密钥文件 ${KEYRING_FILE} 与数据目录“${this.dataDir}”中的数据库不匹配：它属于另一个数据目录（即使密码相同也不能使用）。` +
        `请从此目录的备份中取回原来的 ${KEYRING_FILE} 放回，或用“npm run cli -- --data 空目录 backup restore 备份文件”恢复整个备份；数据未做任何改动。`,
    );
  }

  /** The OS key store exists here (the desktop app on a machine with a keychain). */
  osStoreAvailable(): boolean {
    return !!this.os?.isAvailable();
  }

  /** The operator enabled unlocking with the OS account, and the store is there to do it. */
  osUnlockAvailable(): boolean {
    return this.osStoreAvailable() && !!readKeyring(this.dataDir)?.os;
  }

  /** Unlocks with the OS key store where the user enabled it; false when that is not possible. */
  async unlockWithOs(): Promise<boolean> {
    const k = readKeyring(this.dataDir);
    if (!k?.os || !this.os?.isAvailable()) return false;
    let osKey: Buffer;
    try {
      const key = Buffer.from(this.os.unwrap(k.os.wrapped), 'base64');
      if (key.length !== 32 || keyCheck(key) !== k.check) return false;
      osKey = key;
    } catch {
      return false;
    }
    await this.bindOrRefuse(osKey);
    await this.open(osKey);
    return true;
  }

  setOsUnlock(enabled: boolean): void {
    const k = this.keyring();
    if (!enabled) {
      const { os: _os, ...rest } = k;
      writeKeyring(this.dataDir, rest);
      return;
    }
    if (!this.dataKey) this.derived();
    if (!this.os?.isAvailable()) throw new DeskError('CONFLICT', '本机系统钥匙串不可用，无法启用自动解锁');
    writeKeyring(this.dataDir, { ...k, os: { wrapped: this.os.wrap(this.dataKey!.toString('base64')) } });
  }

  changePassphrase(current: string, next: string): void {
    const k = this.keyring();
    checkPassphraseStrength(next);
    const dataKey = unwrapWithPassphrase(k, current);
    writeKeyring(this.dataDir, { ...k, passphrase: wrapWithPassphrase(dataKey, next, this.kdfLog2n) });
  }

  lock(): void {
    this.dataKey?.fill(0);
    for (const b of Object.values(this.keys ?? {})) (b as Buffer).fill(0);
    this.dataKey = null;
    this.keys = null;
  }
}
