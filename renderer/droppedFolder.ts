// A folder dropped on the photo desk. Electron tells the path of each dropped File (preload's pathForFile);
// a browser never does, so the web host asks for the path to be typed. A dropped photo stands for its folder.
export type DroppedItem = { file: File; isDirectory: boolean };

export function droppedFolder(items: DroppedItem[], pathForFile?: (file: File) => string): { dir: string } | { error: string } {
  if (!pathForFile) return { error: '浏览器无法取得拖入文件夹的路径：请在框中输入文件夹路径（桌面版可直接拖入）' };
  const first = items[0];
  if (!first) return { error: '没有拖入文件夹或照片' };
  const path = pathForFile(first.file);
  if (!path) return { error: '无法取得拖入项目的路径：请在框中输入文件夹路径' };
  return { dir: first.isDirectory ? path : parentFolder(path) };
}

/** The folder a file is in, on Windows or POSIX paths; a drive or filesystem root stays a root. */
export function parentFolder(path: string): string {
  const cut = path.replace(/[\\/]+[^\\/]*$/, '');
  if (cut === '') return path.startsWith('/') ? '/' : path;
  return /^[A-Za-z]:$/.test(cut) ? `${cut}\\` : cut;
}

/** The dropped items of a drag event, each with whether it is a folder. */
export function itemsOf(data: DataTransfer): DroppedItem[] {
  const out: DroppedItem[] = [];
  for (let i = 0; i < data.files.length; i++) {
    const entry = data.items[i]?.webkitGetAsEntry?.() ?? null;
    out.push({ file: data.files[i]!, isDirectory: !!entry?.isDirectory });
  }
  return out;
}
