const redacted = '[REDACTED]';

/**
 * Removes credentials from text that came from upstream (error bodies, network error
 * messages, warnings) before it reaches an error, a warning or a ledger row:
 *
 * 1. every exact secret in `secrets` (the API key in use: upstream services sometimes echo
 *    the key they rejected) becomes `[REDACTED]`;
 * 2. then credential shapes: `Bearer`/`Basic`/`Key`/`Token` schemes, `sk-`/`xai-`/`r8_`/
 *    `fal_`-style keys, Google `AIza…` keys, and `key=`/`token=`/`signature=`-style
 *    parameters. Shapes need a digit or a length that prose does not have, so
 *    "Incorrect API Key provided" stays readable.
 *
 * @param text Text from upstream.
 * @param secrets Exact values to remove; `undefined` and empty entries are skipped.
 *
 * @example
 * ```ts
 * redactSecrets('Incorrect API key provided: xai-abcdefgh12345678'); // 'Incorrect API key provided: xai-[REDACTED]'
 * redactSecrets('rejected key my-own-secret', ['my-own-secret']);    // 'rejected key [REDACTED]'
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length > 0) result = result.split(secret).join(redacted);
  }
  return result
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
