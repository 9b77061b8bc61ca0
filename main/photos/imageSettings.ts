// sharp's settings for the photo work of the pool's threads. They are libvips' own and hold for the
// whole process, so they are set once, by the first photo task (main/jobs/taskWorker.ts).
import sharp from 'sharp';

let applied = false;

/**
 * No operation cache: a batch opens each photo once, so libvips' cache (by default up to 50 MB and 100
 * operations) only kept decoded photos alive. One libvips thread per image: each of the pool's threads
 * works on one photo at a time and the pool already uses every core; more threads per image only add
 * stacks and glibc arenas (README "Photo batch, where the time and the memory go").
 */
export function applyImageSettings(): void {
  if (applied) return;
  applied = true;
  sharp.cache(false);
  sharp.concurrency(1);
}
