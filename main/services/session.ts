// Lock, unlock and the data passphrase; desk settings.
import type { Desk } from '../desk';
import { readSettings, writeSettings, type Settings } from '../db/repositories/settings';
import type { VaultState } from '../secrets/vault';

export interface SessionStatus {
  state: VaultState;
  osUnlockAvailable: boolean;
  osUnlockEnabled: boolean;
}

export function sessionStatus(desk: Desk): SessionStatus {
  desk.checkIdle();
  return { state: desk.vault.state(), osUnlockAvailable: desk.vault.osStoreAvailable(), osUnlockEnabled: desk.vault.osUnlockAvailable() };
}

/** Unlocks with the passphrase, one attempt at a time, with a growing wait after wrong ones (see the throttle). */
export async function unlockSession(desk: Desk, passphrase: string): Promise<SessionStatus> {
  await desk.passphraseThrottle.run(() => desk.vault.unlock(passphrase));
  desk.touch();
  return sessionStatus(desk);
}

/** Changing the passphrase checks the current one: it is throttled like unlocking, or it would be a way around it. */
export async function changePassphrase(desk: Desk, current: string, next: string): Promise<SessionStatus> {
  await desk.passphraseThrottle.run(() => desk.vault.changePassphrase(current, next));
  return sessionStatus(desk);
}

export function setupSession(desk: Desk, passphrase: string): SessionStatus {
  desk.vault.setup(passphrase);
  desk.touch();
  return sessionStatus(desk);
}

export function getSettings(desk: Desk): Settings {
  return readSettings(desk.ctx);
}

export function updateSettings(desk: Desk, patch: Partial<Settings>): Settings {
  desk.sql.tx(() => writeSettings(desk.ctx, patch));
  return readSettings(desk.ctx);
}
