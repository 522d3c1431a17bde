const redacted = '[REDACTED]';

/**
 * Removes credentials from text that came from upstream (error bodies, network error
 * messages) before it goes into an error message: the exact API key, anything shaped like
 * an xAI key, and bearer tokens. Upstream services sometimes echo the key they rejected.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  let result = text;
  if (secret !== undefined && secret.length > 0) result = result.split(secret).join(redacted);
  return result
    .replace(/\bxai-[A-Za-z0-9_-]{8,}/g, `xai-${redacted}`)
    .replace(/\bBearer\s+[^\s"',;]+/gi, `Bearer ${redacted}`);
}
