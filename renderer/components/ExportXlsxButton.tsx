// 导出 Excel: masked by default; 明文导出 (numbers in clear) only after the operator confirms, and the core
// logs it for every client the file covers.
import { DownOutlined, FileExcelOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api';
import { downloadBlob, fromBase64 } from './download';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ExportXlsxButton({ run, personal, what }: { run(reveal: boolean): Promise<{ fileName: string; contentBase64: string; count: number }>; personal: boolean; what: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const go = async (reveal: boolean) => {
    setBusy(true);
    try {
      const f = await run(reveal);
      downloadBlob(fromBase64(f.contentBase64), f.fileName, XLSX_TYPE);
      message.success(`已导出 ${f.count} ${what}${reveal ? '（明文，已记入日志）' : ''}`);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : '导出失败');
    } finally {
      setBusy(false);
    }
  };
  if (!personal) {
    return (
      <Button icon={<FileExcelOutlined />} loading={busy} onClick={() => void go(false)}>
        导出 Excel
      </Button>
    );
  }
  return (
    <Dropdown.Button
      icon={<DownOutlined />}
      loading={busy}
      onClick={() => void go(false)}
      menu={{
        items: [{ key: 'reveal', label: '明文导出…' }],
        onClick: () =>
          Modal.confirm({
            title: '明文导出',
            content: '文件中的证件号码、手机号码和邮箱将不打码。此次导出会记入每个客户的日志；请妥善保管文件，用完删除。',
            okText: '明文导出',
            cancelText: '取消',
            onOk: () => go(true),
          }),
      }}
    >
      <FileExcelOutlined /> 导出 Excel
    </Dropdown.Button>
  );
}
