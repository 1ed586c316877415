// Photos are reduced on the device before they are kept and sent: a phone's 12-megapixel photo
// becomes a few hundred kilobytes, which a weak connection can carry and the server's limits allow.

const SETTING = 'ertad.offline.photoMaxPx';
export const PHOTO_SIZES = [800, 1280, 1600, 2048] as const;
const DEFAULT_MAX_PX = 1600;

export function photoMaxPx(): number {
  const stored = Number(localStorage.getItem(SETTING));
  return (PHOTO_SIZES as readonly number[]).includes(stored) ? stored : DEFAULT_MAX_PX;
}

export function setPhotoMaxPx(px: number): void {
  localStorage.setItem(SETTING, String(px));
}

/** The photo at most `maxPx` on its longer side, as JPEG; other files (and images the browser cannot draw, e.g. HEIC) unchanged. */
export async function resizePhoto(file: File, maxPx = photoMaxPx()): Promise<File> {
  if (!file.type.startsWith('image/') || file.type === 'image/gif') return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file;
  }
  const scale = Math.min(1, maxPx / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d');
  if (!context) return file;
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob || (scale === 1 && blob.size >= file.size)) return file;
  return new File([blob], file.name.replace(/\.[^.]*$/, '') + '.jpg', { type: 'image/jpeg' });
}
