// A PDF shown as page images, rendered in the page with pdf.js (the same view in Electron and the
// browser; no plug-in, nothing leaves the machine). Also offers printing those images.
import { Empty, Spin } from 'antd';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useState } from 'react';

/** pdf.js is loaded on first use, in its own chunk (it is large, and only the 核验单 page needs it). */
async function loadPdfjs() {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  return pdfjs;
}

export async function renderPdfPages(bytes: Uint8Array, scale: number): Promise<string[]> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
  try {
    const out: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const viewport = page.getViewport({ scale });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await page.render({ canvas, viewport }).promise;
      out.push(canvas.toDataURL('image/png'));
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

/** Prints page images through the window's own print dialog (Electron and browsers alike). */
export async function printPdf(bytes: Uint8Array): Promise<void> {
  const pages = await renderPdfPages(bytes, 2.5);
  const holder = document.createElement('div');
  holder.className = 'desk-print-only';
  for (const src of pages) {
    const img = document.createElement('img');
    img.src = src;
    holder.appendChild(img);
  }
  document.body.appendChild(holder);
  await Promise.all([...holder.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined)));
  window.print();
  holder.remove();
}

export function PdfPages({ bytes, width = 620 }: { bytes: Uint8Array | null; width?: number }) {
  const [pages, setPages] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setPages(null);
    setError(null);
    if (!bytes) return;
    renderPdfPages(bytes, 1.4)
      .then((p) => live && setPages(p))
      .catch(() => live && setError('预览失败：PDF 无法显示'));
    return () => {
      live = false;
    };
  }, [bytes]);
  if (!bytes) return <Empty description="选择客户和网站后预览核验单" />;
  if (error) return <Empty description={error} />;
  if (!pages) return <Spin style={{ display: 'block', margin: 40 }} tip="正在绘制…" />;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, alignItems: 'center' }}>
      {pages.map((src, i) => (
        <img key={i} src={src} alt={`第 ${i + 1} 页`} style={{ width, boxShadow: '0 1px 6px rgba(0,0,0,0.25)', background: '#fff' }} />
      ))}
    </div>
  );
}
