// A migration's progress in words, for the CLI and the hosts (a long upgrade, such as 0010 building the
// search index over 100,000 clients, must not look like a hang).
import type { MigrationProgress, MigrationProgressEvent } from './steps';

export function migrationProgressText(e: MigrationProgressEvent): string {
  const share = e.total > 0 ? ` ${Math.floor((e.done / e.total) * 100)}%` : '';
  return `正在升级数据库（第 ${e.version} 版 ${e.name}）：${e.what} ${e.done}/${e.total}${share}`;
}

/** Progress written on one terminal line (carriage return), ended with a newline when a step is done. */
export function migrationProgressPrinter(write: (text: string) => void): MigrationProgress {
  return (e) => write(`\r${migrationProgressText(e)}${e.done >= e.total ? '\n' : ''}`);
}
