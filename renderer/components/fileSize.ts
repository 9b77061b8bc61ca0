// A file's size as the desk shows it: in the decimal units (1 MB = 1 000 000 bytes) the photo checks and the
// providers' limits are told in (main/photos/profiles.ts megabytes), so a photo listed as 2.05 MB is the one
// the check says is over 2.00 MB — in binary units the list said 2.0 MB beside it.
export function fileSizeText(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.max(1, Math.ceil(bytes / 1000))} KB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}
