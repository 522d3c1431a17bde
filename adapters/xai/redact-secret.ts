import { redactSecrets } from '@ring/video-conductor/provider-kit';

const redacted = '[REDACTED]';

/**
 * Removes credentials from text that came from xAI (error bodies, network error messages)
 * before it goes into an error message: the kit's {@link redactSecrets} with the key in use,
 * plus two xAI rules stricter than the kit's shapes — any `xai-` token of 8+ characters
 * (xAI keys carry that prefix) and any bearer token, however short.
 */
export function redactSecret(text: string, secret: string | undefined): string {
  return redactSecrets(text, [secret])
    .replace(/\bxai-[A-Za-z0-9_-]{8,}/g, `xai-${redacted}`)
    .replace(/\bBearer\s+[^\s"',;]+/gi, `Bearer ${redacted}`);
}
