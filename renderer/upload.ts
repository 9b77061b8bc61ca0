// Sending a transfer or 归还 archive the operator picked (main/api/uploads.ts). In the browser (the single
// desk's web host, a team server) the File itself is the request's body to /upload/<method>: never read
// into the page, never base64'd into JSON, whose 80 MB limit kept archives over about 60 MB out. The desktop
// window has no body limit: it sends base64 over IPC as before.
import { archiveTooLarge, MAX_ARCHIVE_BYTES, UPLOAD_INPUT_HEADER, type ApiResult, type MethodInput, type MethodOutput, type UploadMethod } from '../main/api/contract';
import { answered, api, ApiError, HostUnreachable, valueOf } from './api';
import { fileToBase64 } from './components/download';

/** The method's inputs besides its file. */
export type UploadInput<M extends UploadMethod> = Omit<MethodInput<M>, 'contentBase64'>;

export async function uploadArchive<M extends UploadMethod>(method: M, file: File, input: UploadInput<M>): Promise<MethodOutput<M>> {
  // said before a byte is sent: the desk would refuse it only after the whole file had crossed the network
  if (file.size > MAX_ARCHIVE_BYTES) throw new ApiError({ code: 'FILE_TOO_LARGE', message: archiveTooLarge(method, file.size) });
  if (window.beianDesk) return await api(method, { ...input, contentBase64: await fileToBase64(file) } as MethodInput<M>);
  let res: Response;
  try {
    res = await fetch(`/upload/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', [UPLOAD_INPUT_HEADER]: encodeURIComponent(JSON.stringify(input)) },
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new HostUnreachable({ code: 'INTERNAL', message: '上传中断：无法连接备案助手服务，请确认它仍在运行、网络正常后重新选择文件' });
  }
  const loginRequired = res.status === 401 && res.headers.get('x-desk-auth') === 'login';
  let result: ApiResult<unknown>;
  try {
    result = (await res.json()) as ApiResult<unknown>;
  } catch {
    // not the desk's answer: a proxy in front of the team server limits what it lets through (nginx: 1 MB by default)
    const message =
      res.status === 413 ? '上传被拒绝：文件超过了服务器前的代理所允许的大小（HTTP 413），请管理员调高代理的上传上限（如 nginx 的 client_max_body_size）' : `服务返回了无法识别的响应（HTTP ${res.status}）`;
    throw new HostUnreachable({ code: 'INTERNAL', message });
  }
  return valueOf<M>(answered({ result, loginRequired }));
}
