// The checks of one photo, by kind, against the provider's thresholds: each with an ID, a status, the
// measured value, the threshold and a Chinese message with the fix.
import type { PhotoCheckStatus } from '../domain/enums';
import { DeskError } from '../domain/errors';
import { matchesNearly } from './duplicates';
import { detectUpperBodyFaces, type FaceBox } from './face';
import { hamming, hammingOfHalves, hashHalves } from './hamming';
import { measure, type PhotoMetrics } from './metrics';
import { screenPeakRatio } from './screen';
import { thumbnailOf } from './thumbnail';
import { DUPLICATE_HAMMING_MAX, lowResolutionMessage, megabytes, sizesApart, thresholdsFor, type PhotoKind } from './profiles';

export { PHOTO_CHECKER_VERSION } from './checkerVersion';

export interface PhotoCheck {
  id: string;
  status: PhotoCheckStatus;
  value: string | number | null;
  threshold: string | number | null;
  message: string;
}

export interface PhotoReport {
  file: string;
  kind: PhotoKind;
  status: PhotoCheckStatus;
  checks: PhotoCheck[];
  faces: FaceBox[];
  sha256: string | null;
  dhash: string | null;
  /** The grid's JPEG thumbnail (base64), when asked for: made from the check's own decode (thumbnail.ts). */
  thumbnail?: string | null;
}

/** Earlier photos to compare with: the store's materials and the rest of the batch. `dhash` null: the same bytes only. */
export interface DuplicateIndex {
  find(sha256: string, dhash: string | null): { exact: boolean; owner: string } | null;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** `options.thumbnail`: also the grid's thumbnail, from the same decode (an unreadable photo has none). */
export async function checkPhoto(file: string, input: Uint8Array, kind: PhotoKind, provider: string, duplicates?: DuplicateIndex, options: { thumbnail?: boolean } = {}): Promise<PhotoReport> {
  const { t, sourced, providerName } = thresholdsFor(kind, provider);
  const note = sourced ? '' : `（${providerName}未公布此限制，按通用标准）`;
  const checks: PhotoCheck[] = [];
  const push = (id: string, status: PhotoCheckStatus, value: PhotoCheck['value'], threshold: PhotoCheck['threshold'], message: string) => checks.push({ id, status, value, threshold, message });
  let m: PhotoMetrics;
  try {
    m = await measure(input, t.backgroundHue, t.backgroundMinSat, t.documentMinCoverage !== undefined);
  } catch (err) {
    push('readable', 'fail', null, null, err instanceof DeskError ? err.message : '无法读取图片');
    return { file, kind, status: 'fail', checks, faces: [], sha256: null, dhash: null, ...(options.thumbnail ? { thumbnail: null } : {}) };
  }
  push('readable', 'pass', m.format, null, '图片可以读取');
  const fmt = m.format === 'jpg' ? 'jpeg' : m.format;
  if (!t.formats.includes(fmt)) push('format', 'fail', fmt, t.formats.join('/'), `格式为 ${fmt.toUpperCase()}，${providerName}要求 ${t.formats.map((f) => f.toUpperCase()).join('/')}：修复可转换为 JPEG${note}`);
  else if (m.hasGps) push('format', 'warn', fmt, t.formats.join('/'), '照片含 GPS 位置信息：修复会去除全部元数据');
  else push('format', 'pass', fmt, t.formats.join('/'), '格式符合要求');
  const [size, limit] = sizesApart(m.bytes, t.maxBytes);
  push('bytes', m.bytes > t.maxBytes ? 'fail' : 'pass', m.bytes, t.maxBytes, m.bytes > t.maxBytes ? `文件 ${size}，超过 ${limit}：修复会在不改变画面的前提下压缩${note}` : `文件 ${megabytes(m.bytes)}`);
  const small = m.width < t.minWidth || m.height < t.minHeight;
  const wrongShape = t.portrait && m.width > m.height;
  push('dimensions', small || wrongShape ? 'fail' : 'pass', `${m.width}×${m.height}`, `${t.minWidth}×${t.minHeight}${t.portrait ? ' 竖拍' : ''}`, small ? `${lowResolutionMessage(m.width, m.height, t)}${note}` : wrongShape ? '幕布照片须竖拍（高大于宽）：请竖持手机重新拍摄' : '尺寸符合要求');
  push('orientation', m.orientation === 1 ? 'pass' : 'warn', m.orientation, 1, m.orientation === 1 ? '方向正确' : `照片靠 EXIF 标记旋转（方向 ${m.orientation}），部分系统会显示为横倒：修复会按标记转正`);
  push('blur', m.blur < t.blurMin ? 'fail' : m.blur < t.blurWarn ? 'warn' : 'pass', round(m.blur, 1), t.blurMin, m.blur < t.blurMin ? '照片模糊（清晰度过低）：请对焦后重新拍摄，不要用压缩过的聊天图片' : m.blur < t.blurWarn ? '照片略模糊，五官/文字可能看不清' : '清晰度合格');
  const dark = m.meanLuma < t.darkMean;
  const bright = m.meanLuma > t.brightMean;
  push('exposure', dark || bright ? 'fail' : m.clipped > t.clippedMax ? 'warn' : 'pass', round(m.meanLuma, 0), `${t.darkMean}–${t.brightMean}`, dark ? '照片过暗：请在光线充足处重新拍摄（不能后期调亮）' : bright ? '照片过曝：请避开强光直射重新拍摄' : m.clipped > t.clippedMax ? `有 ${Math.round(m.clipped * 100)}% 的区域过暗或过亮，注意补光与反光` : '曝光合格');
  let faces: FaceBox[] = [];
  if (kind === 'curtain') {
    const cover = m.blueCoverage;
    push('background', cover < (t.backgroundCoverage ?? 0) ? 'fail' : 'pass', round(cover), t.backgroundCoverage ?? null, cover < (t.backgroundCoverage ?? 0) ? `蓝色幕布只占画面 ${Math.round(cover * 100)}%：背景须为接入商的幕布，人站在幕布正中（不能电子合成）` : `幕布占画面 ${Math.round(cover * 100)}%`);
    faces = await detectUpperBodyFaces(m.rgb);
    if (faces.length !== (t.faces ?? 1)) {
      push('face', 'fail', faces.length, t.faces ?? 1, faces.length === 0 ? '没有检测到人脸：须为网站负责人本人正面上半身照' : `检测到 ${faces.length} 张人脸：画面中只能有网站负责人一人`);
    } else {
      const f = faces[0]!;
      const centre = Math.abs(f.x + f.width / 2 - 0.5);
      if (f.width < (t.faceMinWidth ?? 0)) push('face', 'fail', round(f.width), t.faceMinWidth ?? null, '人脸过小：请靠近幕布，拍上半身');
      else if (centre > (t.faceCentreTolerance ?? 1)) push('face', 'warn', round(centre), t.faceCentreTolerance ?? null, '人没有站在幕布中间：请居中站立');
      else push('face', 'pass', round(f.score), null, '人脸清晰居中');
    }
  }
  if (t.documentMinCoverage !== undefined) {
    const c = m.documentCoverage;
    push('background', c < t.documentMinCoverage ? 'fail' : 'pass', round(c), t.documentMinCoverage, c < t.documentMinCoverage ? `证件只占画面约 ${Math.round(c * 100)}%：请靠近拍摄，让证件占满画面，四角完整` : `证件占画面约 ${Math.round(c * 100)}%`);
  }
  if (t.colourMinSat !== undefined) {
    push('colour', m.saturation < t.colourMinSat ? 'fail' : 'pass', round(m.saturation), t.colourMinSat, m.saturation < t.colourMinSat ? '像是黑白/灰度扫描件：须上传彩色扫描件或彩色照片' : '彩色');
  }
  if (t.screenPeakMax !== undefined) {
    // the photo was read above; a crop that still cannot be read leaves this check undecided
    const score = await screenPeakRatio(input).catch(() => null);
    if (score === null) push('screen', 'pass', null, t.screenPeakMax, '照片较小，无法判断是否翻拍屏幕');
    else if (score > t.screenPeakMax) push('screen', 'warn', round(score, 1), t.screenPeakMax, '画面有规则网纹（摩尔纹），疑似翻拍电脑/手机屏幕：请拍摄或扫描证件原件；确为原件可忽略');
    else push('screen', 'pass', round(score, 1), t.screenPeakMax, '未发现翻拍屏幕的网纹');
  }
  const thumbnail = options.thumbnail ? await thumbnailOf(m.rgb).catch(() => null) : undefined;
  const report: PhotoReport = { file, kind, status: 'pass', checks, faces, sha256: m.sha256, dhash: m.dhash, ...(thumbnail !== undefined ? { thumbnail } : {}) };
  return duplicates ? withDuplicateCheck(report, duplicates) : { ...report, status: overall(checks) };
}

const overall = (checks: PhotoCheck[]): PhotoCheckStatus => (checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'pass');

/** Adds the duplicate check (against the store and the photos seen so far) and the overall status. */
export function withDuplicateCheck(report: PhotoReport, duplicates: DuplicateIndex): PhotoReport {
  if (!report.sha256 || !report.dhash) return { ...report, status: overall(report.checks) };
  // a signed 核验单 counts only as the same file: every client signs the same printed form (duplicates.ts)
  const dup = duplicates.find(report.sha256, matchesNearly(report.kind) ? report.dhash : null);
  const checks = [
    ...report.checks.filter((c) => c.id !== 'duplicate'),
    {
      id: 'duplicate',
      status: (dup ? (dup.exact ? 'fail' : 'warn') : 'pass') as PhotoCheckStatus,
      value: dup?.owner ?? null,
      threshold: DUPLICATE_HAMMING_MAX,
      message: dup ? `与“${dup.owner}”的照片${dup.exact ? '完全相同' : '几乎相同'}：每份材料须为本人本次拍摄` : '未发现重复',
    },
  ];
  return { ...report, checks, status: overall(checks) };
}

/**
 * A duplicate index over photos seen so far (batch) plus what the store already holds. The first photo with
 * the same bytes is found by its SHA-256 in a map, a near one by comparing difference hashes held as two
 * 32-bit halves (hashHalves): a batch compares each photo with every earlier one and every stored one, so
 * at 1 000 photos that is half a million comparisons (2.3 s on the store's thread with BigInt, README
 * "Photo desk"). The same answers: the first item in order that matches.
 */
export function duplicateIndex(known: { sha256: string; dhash: string | null; owner: string }[]): DuplicateIndex & { add(sha256: string, dhash: string | null, owner: string): void } {
  const bySha = new Map<string, string>();
  const near: { dhash: string; halves: [number, number] | null; owner: string }[] = [];
  const add = (sha256: string, dhash: string | null, owner: string) => {
    if (!bySha.has(sha256)) bySha.set(sha256, owner);
    if (dhash) near.push({ dhash, halves: hashHalves(dhash), owner });
  };
  for (const k of known) add(k.sha256, k.dhash, k.owner);
  return {
    find: (sha, dh) => {
      const exact = bySha.get(sha);
      if (exact !== undefined) return { exact: true, owner: exact };
      if (dh === null) return null;
      const h = hashHalves(dh);
      const hit = near.find((i) => (h && i.halves ? hammingOfHalves(i.halves, h) : hamming(i.dhash, dh)) <= DUPLICATE_HAMMING_MAX);
      return hit ? { exact: false, owner: hit.owner } : null;
    },
    add,
  };
}
