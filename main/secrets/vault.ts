// The unlocked state of a data folder: holds the data key in memory while unlocked, forgets it on lock.
import { DeskError } from '../api/errors';
import { deriveKeys, type DerivedKeys } from './fieldCrypto';
import { checkPassphraseStrength, keyCheck, newKeyring, readKeyring, unwrapWithPassphrase, wrapWithPassphrase, writeKeyring, type Keyring } from './keyring';

/** The operating system's secret store, provided by the Electron shell (safeStorage). */
export interface OsKeyStore {
  isAvailable(): boolean;
  wrap(secret: string): string;
  unwrap(wrapped: string): string;
}

export type VaultState = 'uninitialised' | 'locked' | 'unlocked';

export class Vault {
  private dataKey: Buffer | null = null;
  private keys: DerivedKeys | null = null;
  private readonly unlockListeners: (() => void)[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly os?: OsKeyStore,
    private readonly kdfLog2n?: number,
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

  onUnlocked(listener: () => void): void {
    this.unlockListeners.push(listener);
  }

  private open(dataKey: Buffer): void {
    this.dataKey = dataKey;
    this.keys = deriveKeys(dataKey);
    for (const l of this.unlockListeners) l();
  }

  private keyring(): Keyring {
    const k = readKeyring(this.dataDir);
    if (!k) throw new DeskError('SETUP_REQUIRED', '首次使用请先设置数据密码');
    return k;
  }

  setup(passphrase: string): void {
    if (readKeyring(this.dataDir)) throw new DeskError('CONFLICT', '数据密码已经设置过；如需更换请使用“修改密码”');
    const { keyring, dataKey } = newKeyring(passphrase, this.kdfLog2n);
    writeKeyring(this.dataDir, keyring);
    this.open(dataKey);
  }

  unlock(passphrase: string): void {
    this.open(unwrapWithPassphrase(this.keyring(), passphrase));
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
  unlockWithOs(): boolean {
    const k = readKeyring(this.dataDir);
    if (!k?.os || !this.os?.isAvailable()) return false;
    try {
      const key = Buffer.from(this.os.unwrap(k.os.wrapped), 'base64');
      if (key.length !== 32 || keyCheck(key) !== k.check) return false;
      this.open(key);
      return true;
    } catch {
      return false;
    }
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
