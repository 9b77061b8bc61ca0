// Lock, unlock and the data passphrase; desk settings.
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';
import { readSettings, writeSettings, type Settings } from '../db/repositories/settings';
import { readSettingsForm, saveSettingsForm, type SettingsForm } from './settingsSave';
import type { VaultState } from '../secrets/vault';

export interface SessionStatus {
  state: VaultState;
  osUnlockAvailable: boolean;
  osUnlockEnabled: boolean;
  /** What this unlock found that the operator must be told (a damaged material file set aside); absent when nothing. */
  notices?: string[];
  /** What the store's upgrade at this start found for the operator to act on; handed over once, unlocked. */
  upgradeNotices?: string[];
}

/** The status after an unlock, with what the unlock found for the operator (Desk.takeNotices). */
export async function statusAfterUnlock(desk: Desk): Promise<SessionStatus> {
  const notices = desk.takeNotices();
  return { ...(await sessionStatus(desk)), ...(notices.length ? { notices } : {}) };
}

export async function sessionStatus(desk: Desk): Promise<SessionStatus> {
  await desk.checkIdle();
  const state = desk.vault.state();
  // unlocked at start by the OS key store, the window's first status is the first it can be told in
  const upgradeNotices = state === 'unlocked' ? desk.takeUpgradeNotices() : [];
  return { state, osUnlockAvailable: desk.vault.osStoreAvailable(), osUnlockEnabled: desk.vault.osUnlockAvailable(), ...(upgradeNotices.length ? { upgradeNotices } : {}) };
}

/** Unlocks with the passphrase, one attempt at a time, with a growing wait after wrong ones (see the throttle). */
export async function unlockSession(desk: Desk, passphrase: string): Promise<SessionStatus> {
  await desk.passphraseThrottle.run(() => desk.vault.unlock(passphrase));
  await desk.touch();
  return await statusAfterUnlock(desk);
}

/**
 * Re-wraps the data key with a new passphrase. Throttled like unlocking, or it would be a way around it.
 * The vault names no form field; the refusal is put on the field the operator typed (当前密码 or 新密码),
 * so the form can show it there instead of swallowing it.
 */
export async function changeSessionPassphrase(desk: Desk, current: string, next: string): Promise<SessionStatus> {
  try {
    await desk.passphraseThrottle.run(() => desk.vault.changePassphrase(current, next));
  } catch (err) {
    if (!(err instanceof DeskError)) throw err;
    if (err.code === 'WRONG_PASSPHRASE') {
      throw new DeskError('WRONG_PASSPHRASE', '当前密码不正确，数据密码未修改', [{ path: ['current'], message: '当前密码不正确' }]);
    }
    if (err.code === 'VALIDATION') throw new DeskError('VALIDATION', `新密码不符合要求：${err.message}`, [{ path: ['next'], message: err.message }]);
    throw err;
  }
  return sessionStatus(desk);
}

export async function setupSession(desk: Desk, passphrase: string): Promise<SessionStatus> {
  await desk.vault.setup(passphrase);
  await desk.touch();
  return await statusAfterUnlock(desk);
}

const DESK_SETTINGS: SettingsForm<Settings> = {
  group: 'desk',
  target: 'settings',
  read: (desk) => readSettings(desk.ctx),
  write: (desk, next) => writeSettings(desk.ctx, next),
};

export async function getSettings(desk: Desk): Promise<Settings & { rowVersion: number }> {
  return await readSettingsForm(desk, DESK_SETTINGS);
}

/** `readVersion`: the version the 设置 form read (the API requires it); a stale one is refused with EDIT_CONFLICT. */
export async function updateSettings(desk: Desk, patch: Partial<Settings>, readVersion?: number): Promise<Settings & { rowVersion: number }> {
  return await saveSettingsForm(desk, DESK_SETTINGS, patch, readVersion);
}
