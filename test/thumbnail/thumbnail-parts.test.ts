import { VideoConductorError } from '@ring/video-conductor';
import { describe, expect, it } from 'vitest';
import { decodeDataUrl } from '../../adapters/thumbnail/decode-data-url.js';
import { escapeXml } from '../../adapters/thumbnail/escape-xml.js';
import { estimateTextWidth, fitText, type MeasureText } from '../../adapters/thumbnail/fit-text.js';
import { loadSharp } from '../../adapters/thumbnail/load-sharp.js';
import { buildOverlaySvg, parseHexColor } from '../../adapters/thumbnail/overlay-svg.js';
import { rejectionOf } from './thumbnail-test-helpers.js';

/** Every character is 10 px wide. */
const tenPixels: MeasureText = async (text) => Array.from(text).length * 10;

describe('escapeXml', () => {
  it('escapes the five XML specials and drops characters XML forbids', () => {
    expect(escapeXml(`<&"'>`)).toBe('&lt;&amp;&quot;&apos;&gt;');
    expect(escapeXml('a\u0000b\u001Fc\tkeeps\ttabs')).toBe('abc\tkeeps\ttabs');
    expect(escapeXml('lone \uD800 surrogate, pair 🦊')).toBe('lone  surrogate, pair 🦊');
  });
});

describe('decodeDataUrl', () => {
  it('decodes base64 and percent-encoded payloads', () => {
    expect(decodeDataUrl('data:image/png;base64,AAEC/w==')).toEqual({ mediaType: 'image/png', data: new Uint8Array([0, 1, 2, 255]) });
    expect(decodeDataUrl('data:,a%20b%FF')).toEqual({ mediaType: 'text/plain', data: new Uint8Array([0x61, 0x20, 0x62, 0xff]) });
    expect(decodeDataUrl('data:text/plain;charset=utf-8,é').data).toEqual(new TextEncoder().encode('é'));
    expect(() => decodeDataUrl('data:image/png;base64')).toThrow(TypeError);
  });
});

describe('fitText', () => {
  it('keeps a line that fits and cuts one that does not with an ellipsis', async () => {
    const style = { fontSize: 10, bold: false };
    expect(await fitText('  hello   world ', 200, style, tenPixels)).toBe('hello world');
    expect(await fitText('hello world', 60, style, tenPixels)).toBe('hello…');
    expect(await fitText('🦊🦊🦊🦊🦊', 30, style, tenPixels)).toBe('🦊🦊…');
    expect(await fitText('abc', 1, style, tenPixels)).toBe('…');
  });

  it('estimates wide letters wider than narrow ones', () => {
    expect(estimateTextWidth('WWW', 10)).toBeGreaterThan(estimateTextWidth('iii', 10) * 2);
  });
});

describe('buildOverlaySvg', () => {
  it('is well-formed XML for hostile text, colour and font', async () => {
    const overlay = await buildOverlaySvg(
      { title: `</text><script>alert(1)</script>`, subtitle: `"' & ]]>`, brandColor: `#fff" onload="x`, position: 'top' },
      { width: 1000, height: 500 },
      `Evil", serif`,
      tenPixels,
    );
    expect(overlay?.svg).toContain('&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(overlay?.svg).toContain('&quot;&apos; &amp; ]]&gt;');
    expect(overlay?.svg).toContain('fill="#fff&quot; onload=&quot;x"');
    expect(overlay?.svg).toContain('font-family="Evil&quot;, serif"');
    expect(overlay?.svg).not.toContain('<script');
    expect(overlay?.band).toEqual({ top: 0, height: expect.any(Number) });
  });

  it('draws nothing without text, and puts the band where asked', async () => {
    expect(await buildOverlaySvg({ brandColor: '#000' }, { width: 100, height: 100 }, 'x', tenPixels)).toBeUndefined();
    const bottom = await buildOverlaySvg({ title: 'T' }, { width: 1280, height: 720 }, 'x', tenPixels);
    expect(bottom!.band.top + bottom!.band.height).toBe(720);
    const center = await buildOverlaySvg({ title: 'T', position: 'center' }, { width: 1280, height: 720 }, 'x', tenPixels);
    expect(Math.abs(center!.band.top * 2 + center!.band.height - 720)).toBeLessThanOrEqual(1);
  });

  it('parses hex colours', () => {
    expect(parseHexColor('#f36')).toEqual([255, 51, 102]);
    expect(parseHexColor('#FF336680')).toEqual([255, 51, 102]);
    expect(parseHexColor('red')).toBeUndefined();
  });
});

describe('loadSharp', () => {
  it('names the missing optional peer dependency and how to install it', async () => {
    const missing = Object.assign(new Error("Cannot find package 'sharp'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await rejectionOf(loadSharp(() => Promise.reject(missing)));
    expect(VideoConductorError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'MISSING_PEER_DEPENDENCY', cause: missing });
    expect((error as Error).message).toContain('"sharp"');
    expect((error as Error).message).toContain('npm install sharp');
  });

  it('reports a broken install without calling it missing', async () => {
    const error = await rejectionOf(loadSharp(() => Promise.reject(new Error('libvips-cpp.so: cannot open shared object'))));
    expect(error).toMatchObject({ code: 'MISSING_PEER_DEPENDENCY' });
    expect((error as Error).message).toContain('could not be loaded: libvips-cpp.so');
  });

  it('accepts the module namespace or the function itself', async () => {
    const sharpFunction = () => undefined;
    expect(await loadSharp(async () => ({ default: sharpFunction }))).toBe(sharpFunction);
    expect(await loadSharp(async () => sharpFunction)).toBe(sharpFunction);
    expect(typeof (await loadSharp())).toBe('function');
  });
});
