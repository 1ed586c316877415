// Draws Ertad's app icons (two linked rings, "together", white on indigo) as PNGs without any
// image library: `node scripts/make-icons.mjs` writes web/public/icons/*.png. Run again after a change.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { deflateSync } from 'node:zlib';

const INDIGO = [54, 79, 199]; // Mantine indigo.8, the app's primary colour
const WHITE = [255, 255, 255];

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** `scale` < 1 keeps the rings inside the safe zone of a maskable icon. */
function icon(size, scale) {
  const rows = [];
  const ring = (x, y, cx, cy) => {
    const d = Math.hypot(x - cx, y - cy) / size;
    return Math.max(0, 1 - Math.abs(d - 0.17 * scale) / (0.035 * scale) ) ;
  };
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const off = size * 0.11 * scale;
      const a = Math.min(1, 3 * Math.max(ring(x, y, size / 2 - off, size / 2), ring(x, y, size / 2 + off, size / 2)));
      for (let i = 0; i < 3; i++) row[1 + x * 3 + i] = Math.round(INDIGO[i] * (1 - a) + WHITE[i] * a);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const dir = new URL('../web/public/icons/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('icon-192.png', dir), icon(192, 1));
writeFileSync(new URL('icon-512.png', dir), icon(512, 1));
writeFileSync(new URL('maskable-512.png', dir), icon(512, 0.75));
writeFileSync(new URL('apple-touch-icon-180.png', dir), icon(180, 0.9));
