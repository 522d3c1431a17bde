import type { ThumbnailSpec } from '@ring/video-conductor';
import { escapeXml } from './escape-xml.js';
import { fitText, type MeasureText } from './fit-text.js';

/** Band colour when the spec gives no `brandColor`: black, see-through. */
const defaultBand = { fill: '#000000', opacity: 0.6 };

/** Where the band of an overlay sits, in pixels from the top. */
export interface OverlayBand {
  top: number;
  height: number;
}

/** An overlay to composite over a frame of the same size. */
export interface Overlay {
  /** A complete SVG document, `width` × `height` pixels. */
  svg: string;
  band: OverlayBand;
}

/**
 * Lays out the text overlay of a thumbnail as an SVG document of exactly the frame's size:
 * a full-width band (the brand colour, opaque; or black at 60 % when there is none) at the
 * top, center or bottom, holding the title (bold) and the subtitle. Sizes scale with the
 * width: the title is 5.5 % of it. Lines too long for the width (as `measure` says) are cut
 * with `…`. Every piece of caller text — title, subtitle, colour, font — is XML-escaped.
 *
 * @returns `undefined` when the spec has neither title nor subtitle: nothing to draw.
 * @example
 * ```ts
 * const overlay = await buildOverlaySvg({ title: 'Episode 1', brandColor: '#ff3366' }, { width: 1280, height: 720 }, 'DejaVu Sans', measure);
 * ```
 */
export async function buildOverlaySvg(
  spec: ThumbnailSpec,
  size: { width: number; height: number },
  font: string,
  measure: MeasureText,
): Promise<Overlay | undefined> {
  const title = spec.title?.trim() ?? '';
  const subtitle = spec.subtitle?.trim() ?? '';
  if (title === '' && subtitle === '') return undefined;

  const { width, height } = size;
  const titleSize = Math.max(10, Math.round(width * 0.055));
  const subtitleSize = Math.max(8, Math.round(titleSize * 0.6));
  const padding = Math.round(titleSize * 0.5);
  const titleLine = title === '' ? 0 : Math.round(titleSize * 1.2);
  const subtitleLine = subtitle === '' ? 0 : Math.round(subtitleSize * 1.35);
  const bandHeight = Math.min(height, padding * 2 + titleLine + subtitleLine);
  const position = spec.position ?? 'bottom';
  const top = position === 'top' ? 0 : position === 'center' ? Math.round((height - bandHeight) / 2) : height - bandHeight;

  const band = spec.brandColor === undefined ? defaultBand : { fill: spec.brandColor, opacity: 1 };
  const textColor = contrastingTextColor(spec.brandColor);
  const anchor = position === 'center' ? 'middle' : 'start';
  const x = position === 'center' ? Math.round(width / 2) : padding;
  const usableWidth = Math.max(1, width - padding * 2);

  const lines: string[] = [];
  if (title !== '') {
    const baseline = top + padding + Math.round(titleSize * 0.95);
    const fitted = await fitText(title, usableWidth, { fontSize: titleSize, bold: true }, measure);
    lines.push(textElement(fitted, { x, y: baseline, size: titleSize, weight: 'bold', anchor, color: textColor }));
  }
  if (subtitle !== '') {
    const baseline = top + padding + titleLine + Math.round(subtitleSize * 0.95);
    const fitted = await fitText(subtitle, usableWidth, { fontSize: subtitleSize, bold: false }, measure);
    lines.push(textElement(fitted, { x, y: baseline, size: subtitleSize, weight: 'normal', anchor, color: textColor }));
  }

  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect x="0" y="${top}" width="${width}" height="${bandHeight}" fill="${escapeXml(band.fill)}" fill-opacity="${band.opacity}"/>`,
    `<g font-family="${escapeXml(font)}">`,
    ...lines,
    '</g>',
    '</svg>',
  ].join('');
  return { svg, band: { top, height: bandHeight } };
}

function textElement(
  text: string,
  style: { x: number; y: number; size: number; weight: 'bold' | 'normal'; anchor: 'start' | 'middle'; color: string },
): string {
  return `<text x="${style.x}" y="${style.y}" font-size="${style.size}" font-weight="${style.weight}" text-anchor="${style.anchor}" fill="${style.color}">${escapeXml(text)}</text>`;
}

/** White text on dark bands, near-black on light ones (WCAG relative luminance of a hex colour). */
function contrastingTextColor(brandColor: string | undefined): string {
  const rgb = brandColor === undefined ? undefined : parseHexColor(brandColor);
  if (rgb === undefined) return '#ffffff';
  const [r, g, b] = rgb.map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.45 ? '#111111' : '#ffffff';
}

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` → `[r, g, b]` (0–255); anything else → `undefined`. */
export function parseHexColor(color: string): [number, number, number] | undefined {
  const match = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color.trim());
  if (match === null) return undefined;
  const hex = match[1]!;
  const short = hex.length <= 4;
  const channel = (index: number) => (short ? Number.parseInt(hex[index]!.repeat(2), 16) : Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16));
  return [channel(0), channel(1), channel(2)];
}
