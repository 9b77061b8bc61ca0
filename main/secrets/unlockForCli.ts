// The CLI and the web host get the data passphrase from BEIAN_DESK_PASSPHRASE (scripts) or a prompt.
import { DeskError } from '../domain/errors';
import type { Desk } from '../desk';

export type Ask = (question: string) => Promise<string>;

export async function unlockFromEnvOrPrompt(desk: Desk, env: NodeJS.ProcessEnv, ask?: Ask): Promise<void> {
  const state = desk.vault.state();
  if (state === 'unlocked') return;
  // A store whose keyring is missing is refused before anyone is asked to choose a new passphrase.
  if (state === 'uninitialised') await desk.vault.assertSetupAllowed();
  let passphrase = env.BEIAN_DESK_PASSPHRASE;
  if (!passphrase) {
    if (!ask) {
      throw new DeskError(
        state === 'uninitialised' ? 'SETUP_REQUIRED' : 'LOCKED',
        state === 'uninitialised'
          ? '该数据目录尚未设置数据密码：请在终端中运行以设置，或设置环境变量 BEIAN_DESK_PASSPHRASE'
          : '需要数据密码：请在终端中运行，或设置环境变量 BEIAN_DESK_PASSPHRASE',
      );
    }
    passphrase = await ask(state === 'uninitialised' ? '设置数据密码（至少 8 个字符）：' : '数据密码：');
    if (state === 'uninitialised' && (await ask('再次输入数据密码：')) !== passphrase) {
      throw new DeskError('VALIDATION', '两次输入的密码不一致');
    }
  }
  if (state === 'uninitialised') await desk.vault.setup(passphrase);
  else await desk.vault.unlock(passphrase);
}
