import { Resvg } from '@resvg/resvg-js';
import { createRequire } from 'node:module';

// SVG to PNG with resvg and the Inter font that ships with Canopy (@expo-google-fonts/inter,
// SIL Open Font License): no system fonts, so the chart's text is the same on every server.

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  require.resolve('@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf'),
];

/** A PNG of `svg` at the size the SVG declares. Throws when the SVG cannot be drawn. */
export function svgToPng(svg: string): { png: Buffer; width: number; height: number } {
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Inter' },
    background: '#ffffff',
  });
  const image = resvg.render();
  const png = image.asPng();
  if (png.length === 0 || image.width === 0 || image.height === 0) throw new Error('the chart drew as an empty image');
  return { png, width: image.width, height: image.height };
}

/** Width and height read from a PNG's header; null when `bytes` is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}
