// The renderer's only door to the core: invoke(method, input) over one IPC channel. ipcRenderer itself
// is never exposed.
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('beianDesk', {
  host: 'electron',
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('desk:invoke', method, input),
});
