// The CLI and the web host unlock from BEIAN_DESK_PASSPHRASE or by asking in the terminal: a new folder
// asks twice and refuses two different answers, a locked one asks once, and without a terminal the
// message says what to do. In-process here; the CLI's own tests run it as a child.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Desk } from '../../../main/desk';
import { KEYRING_FILE } from '../../../main/secrets/keyring';
import { unlockFromEnvOrPrompt } from '../../../main/secrets/unlockForCli';
import { clientRecordSchema } from '../../../main/domain/schemas';
import { createClients } from '../../../main/services/clients';
import { companyRecord } from '../../fixtures/records';
import { openTestDesk, tempDir, TEST_PASSPHRASE } from '../../helpers';

const opened: Desk[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});
async function freshDesk(dataDir = tempDir()): Promise<Desk> {
  const desk = await Desk.open({ dataDir, kdfLog2n: 12 });
  opened.push(desk);
  return desk;
}

/** Answers in turn, recording the questions. */
function answering(...answers: string[]) {
  const questions: string[] = [];
  const ask = async (q: string) => {
    questions.push(q);
    return answers.shift() ?? '';
  };
  return { ask, questions };
}

async function lockedDesk(): Promise<Desk> {
  const dataDir = tempDir();
  await (await openTestDesk(dataDir)).close();
  return await freshDesk(dataDir);
}

describe('unlocking for the command line', () => {
  it('sets up a new folder from the environment without asking', async () => {
    const desk = await freshDesk();
    const { ask, questions } = answering();
    await unlockFromEnvOrPrompt(desk, { BEIAN_DESK_PASSPHRASE: TEST_PASSPHRASE }, ask);
    expect(questions).toEqual([]);
    expect(desk.vault.state()).toBe('unlocked');
    desk.vault.lock();
    await expect(desk.vault.unlock(TEST_PASSPHRASE)).resolves.toBeUndefined();
  });

  it('unlocks a locked folder from the environment, and refuses a wrong passphrase there', async () => {
    const desk = await lockedDesk();
    await expect(unlockFromEnvOrPrompt(desk, { BEIAN_DESK_PASSPHRASE: 'wrong-passphrase' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(desk.vault.state()).toBe('locked');
    await unlockFromEnvOrPrompt(desk, { BEIAN_DESK_PASSPHRASE: TEST_PASSPHRASE });
    expect(desk.vault.state()).toBe('unlocked');
  });

  it('asks a new folder for the passphrase twice, and sets it up when both agree', async () => {
    const desk = await freshDesk();
    const { ask, questions } = answering('a-good-passphrase', 'a-good-passphrase');
    await unlockFromEnvOrPrompt(desk, {}, ask);
    expect(questions).toEqual(['设置数据密码（至少 8 个字符）：', '再次输入数据密码：']);
    expect(desk.vault.state()).toBe('unlocked');
    desk.vault.lock();
    await expect(desk.vault.unlock('a-good-passphrase')).resolves.toBeUndefined();
  });

  it('refuses two different answers and sets nothing up', async () => {
    const desk = await freshDesk();
    const { ask } = answering('a-good-passphrase', 'a-good-passphrasf');
    await expect(unlockFromEnvOrPrompt(desk, {}, ask)).rejects.toMatchObject({ code: 'VALIDATION', message: '两次输入的密码不一致' });
    expect(desk.vault.state()).toBe('uninitialised');
  });

  it('asks a locked folder once', async () => {
    const desk = await lockedDesk();
    const { ask, questions } = answering(TEST_PASSPHRASE);
    await unlockFromEnvOrPrompt(desk, {}, ask);
    expect(questions).toEqual(['数据密码：']);
    expect(desk.vault.state()).toBe('unlocked');
  });

  it('does nothing for a desk already unlocked', async () => {
    const desk = await openTestDesk();
    const { ask, questions } = answering();
    await unlockFromEnvOrPrompt(desk, { BEIAN_DESK_PASSPHRASE: 'wrong-passphrase' }, ask);
    expect(questions).toEqual([]);
    expect(desk.vault.state()).toBe('unlocked');
  });

  it('without a terminal nor the variable, says what to do for a new folder and for a locked one', async () => {
    await expect(unlockFromEnvOrPrompt(await freshDesk(), {})).rejects.toMatchObject({ code: 'SETUP_REQUIRED', message: '该数据目录尚未设置数据密码：请在终端中运行以设置，或设置环境变量 BEIAN_DESK_PASSPHRASE' });
    await expect(unlockFromEnvOrPrompt(await lockedDesk(), { BEIAN_DESK_PASSPHRASE: '' })).rejects.toMatchObject({ code: 'LOCKED', message: '需要数据密码：请在终端中运行，或设置环境变量 BEIAN_DESK_PASSPHRASE' });
  });

  it('refuses a folder whose keyring is gone before asking anyone for a new passphrase', async () => {
    const dataDir = tempDir();
    const first = await openTestDesk(dataDir);
    await createClients(first, [clientRecordSchema.parse(companyRecord(1))]);
    await first.close();
    rmSync(join(dataDir, KEYRING_FILE));
    const desk = await freshDesk(dataDir);
    const { ask, questions } = answering('a-good-passphrase', 'a-good-passphrase');
    await expect(unlockFromEnvOrPrompt(desk, {}, ask)).rejects.toMatchObject({ code: 'KEYRING_MISSING' });
    expect(questions).toEqual([]);
  });
});
