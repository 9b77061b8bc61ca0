import { describe, expect, it } from 'vitest';
import { droppedFolder, parentFolder } from '../../renderer/droppedFolder';

const file = (name: string) => ({ name }) as unknown as File;
const paths = new Map<unknown, string>();
const pathOf = (f: File) => paths.get(f) ?? '';

describe('a folder dropped on the photo desk', () => {
  it('is taken as is, and a dropped photo stands for the folder it is in', () => {
    const folder = file('2026-11');
    const photo = file('张三.jpg');
    paths.set(folder, 'D:\\客户照片\\2026-11');
    paths.set(photo, '/home/op/照片/张三.jpg');
    expect(droppedFolder([{ file: folder, isDirectory: true }], pathOf)).toEqual({ dir: 'D:\\客户照片\\2026-11' });
    expect(droppedFolder([{ file: photo, isDirectory: false }], pathOf)).toEqual({ dir: '/home/op/照片' });
  });

  it('asks for a typed path where the host cannot tell one (a browser) and says so in Chinese', () => {
    const r = droppedFolder([{ file: file('a.jpg'), isDirectory: false }]);
    expect(r).toEqual({ error: expect.stringContaining('请在框中输入文件夹路径') });
    expect(droppedFolder([], pathOf)).toEqual({ error: '没有拖入文件夹或照片' });
    expect(droppedFolder([{ file: file('x'), isDirectory: false }], pathOf)).toEqual({ error: expect.stringContaining('无法取得') });
  });

  it('keeps roots as roots', () => {
    expect(parentFolder('C:\\a.jpg')).toBe('C:\\');
    expect(parentFolder('/a.jpg')).toBe('/');
    expect(parentFolder('\\\\nas\\照片\\a.jpg')).toBe('\\\\nas\\照片');
  });
});
