// Reading the data passphrase in a terminal without echoing it: @inquirer/password, with nothing shown
// for what is typed (no mask characters either, so not even the length shows) and no key to reveal it.
// The question goes to stderr, so a command's stdout stays clean for pipes.
import password from '@inquirer/password';

export async function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('not a terminal');
  try {
    return await password(
      { message: question, mask: false, toggleMask: false, theme: { prefix: '', style: { message: (text: string) => text, maskedText: '' } } },
      { input: process.stdin, output: process.stderr },
    );
  } catch (err) {
    // Ctrl+C while asked: the prompt's own error names SIGINT in English.
    if (err instanceof Error && err.name === 'ExitPromptError') throw new Error('已取消输入', { cause: err });
    throw err;
  }
}
