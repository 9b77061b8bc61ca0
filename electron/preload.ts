// The renderer's only door to the core: invoke(method, input) over one IPC channel. ipcRenderer itself
// is never exposed. pathForFile turns a dropped File into its path (the photo desk takes a dropped folder);
// it reveals only what the user dropped.
import { contextBridge, ipcRenderer, webUtils } from 'electron';

contextBridge.exposeInMainWorld('beianDesk', {
  host: 'electron',
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('desk:invoke', method, input),
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
});
