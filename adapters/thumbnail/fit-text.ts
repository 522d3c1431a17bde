import { escapeXml } from './escape-xml.js';
import type { Sharp } from './load-sharp.js';

/** Measures the width of one line of text, in pixels. */
export type MeasureText = (text: string, style: { fontSize: number; bold: boolean }) => Promise<number>;

/** Share of the measured width added as a margin, for differences between the measure and the SVG renderer. */
const safetyMargin = 0.04;

/**
 * A {@link MeasureText} that lays the line out with sharp's text input (Pango, the same
 * text engine librsvg draws SVG text with, so the same fonts are found). When measuring
 * fails, a per-character estimate for bold sans-serif faces is used instead.
 */
export function createTextMeasurer(sharp: Sharp, font: string): MeasureText {
  return async (text, style) => {
    if (text === '') return 0;
    try {
      const { info } = await sharp({
        text: {
          text: `<span font_weight="${style.bold ? 'bold' : 'normal'}">${escapeXml(text)}</span>`,
          font: `${font} ${style.fontSize}px`,
          dpi: 72,
        },
      })
        .png()
        .toBuffer({ resolveWithObject: true });
      return info.width * (1 + safetyMargin);
    } catch {
      return estimateTextWidth(text, style.fontSize);
    }
  };
}

/**
 * A conservative width of `text` at `fontSize` (DejaVu Sans Bold advances, rounded up):
 * wide letters 1.05 em, capitals and digits 0.8 em, narrow marks 0.4 em, other letters
 * 0.68 em, CJK and emoji 1.05 em.
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const character of text) {
    if (/[WMmw@%]/.test(character) || character.codePointAt(0)! >= 0x2e80) ems += 1.05;
    else if (/[A-Z0-9#&$]/.test(character)) ems += 0.8;
    else if (/[iljtfrI.,:;!|'"` ()[\]-]/.test(character)) ems += 0.4;
    else ems += 0.68;
  }
  return ems * fontSize;
}

/**
 * The longest start of `text` that fits `maxWidth` pixels, ending in `…` when cut (binary
 * search over code points, so surrogate pairs stay whole). Whitespace runs collapse to one
 * space.
 */
export async function fitText(
  text: string,
  maxWidth: number,
  style: { fontSize: number; bold: boolean },
  measure: MeasureText,
): Promise<string> {
  const normalized = text.replace(/\s+/g, ' ').trim();
  if ((await measure(normalized, style)) <= maxWidth) return normalized;
  const characters = Array.from(normalized);
  const candidate = (length: number) => `${characters.slice(0, length).join('').trimEnd()}…`;
  let low = 0; // fits (the bare ellipsis is accepted even when it does not)
  let high = characters.length - 1; // may not fit
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((await measure(candidate(middle), style)) <= maxWidth) low = middle;
    else high = middle - 1;
  }
  return candidate(low);
}
