/**
 * Escapes text for an XML text node or a double- or single-quoted attribute: `&`, `<`, `>`,
 * `"` and `'` become entities, and characters XML 1.0 forbids (C0 controls other than tab,
 * line feed and carriage return, lone surrogates, U+FFFE/U+FFFF) are dropped — librsvg
 * refuses the whole document otherwise.
 *
 * @example
 * ```ts
 * escapeXml(`Tom & Jerry's "<Show>"`); // 'Tom &amp; Jerry&apos;s &quot;&lt;Show&gt;&quot;'
 * ```
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[&<>"']/g, (character) => entities[character as keyof typeof entities]);
}

const entities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' } as const;
