const redacted = '[REDACTED]';

/**
 * Removes what looks like a credential from text that came from a provider (error
 * messages, warnings) before it reaches an error, a warning or a ledger row. The bridge
 * never sees the API key itself — the AI SDK model holds it — so it redacts by shape:
 * `Bearer`/`Key`/`Token` schemes, `sk-`/`xai-`/`r8_`/`fal_`-style keys, Google `AIza…` keys,
 * and `key=`/`token=`/`signature=`-style parameters.
 *
 * @example
 * ```ts
 * redactSecrets('Incorrect API key provided: xai-abcdefgh12345678'); // 'Incorrect API key provided: xai-[REDACTED]'
 * ```
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=:-]{8,}/gi, `$1 ${redacted}`)
    // Other schemes only when the token has a digit: "Key provided" is prose, "Key 3f9a…" is not.
    .replace(/\b(Key|Token)\s+(?=[A-Za-z._~+/=:-]*\d)[A-Za-z0-9._~+/=:-]{12,}/gi, `$1 ${redacted}`)
    .replace(/\b(sk|pk|rk|xai|fal|gsk)([-_])(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{16,}/gi, `$1$2${redacted}`)
    .replace(/\br8_[A-Za-z0-9]{8,}/g, `r8_${redacted}`)
    .replace(/\bAIza[0-9A-Za-z_-]{20,}/g, `AIza${redacted}`)
    .replace(
      /\b(api[_-]?key|access[_-]?token|token|secret|signature|sig|x-amz-signature|x-amz-credential|x-goog-signature|key)=([^&\s"',;]+)/gi,
      `$1=${redacted}`,
    );
}
