import { z } from 'zod';
import { redactSecret } from './redact-secret.js';

/** 10^10 ticks make one US dollar in xAI's `cost_in_usd_ticks`. */
const ticksPerUsd = 1e10;

const errorBodySchema = z.object({
  code: z.string().nullish().catch(undefined),
  error: z
    .union([z.string(), z.object({ code: z.string().nullish(), message: z.string().nullish() })])
    .nullish()
    .catch(undefined),
  message: z.string().nullish().catch(undefined),
  usage: z.object({ cost_in_usd_ticks: z.number().nullish().catch(undefined) }).nullish().catch(undefined),
});

/** A moderation refusal found in an HTTP error answer. */
export interface DetectedModeration {
  /** xAI's sentence, redacted, e.g. `Generated video rejected by content moderation.` */
  message: string;
  /** What xAI billed for the blocked attempt, in USD (`usage.cost_in_usd_ticks` / 10^10); `undefined`: not reported. */
  costUsd?: number;
}

/**
 * The one rule that tells a moderation refusal from any other HTTP 400. xAI answers a status
 * read (and may answer a submit or an image generation) whose output its moderation blocked
 * with HTTP 400 and a body such as
 * `{"code":"Client specified an invalid argument","error":"Generated video rejected by content moderation.","usage":{"cost_in_usd_ticks":2500000000}}`
 * — and bills the `usage` (docs/providers/xai.md, row "moderation as HTTP 400").
 *
 * The rule: HTTP 400 or 422, a JSON body, and the word "moderation" (or "moderated") in its
 * `error` message or `code`. Anything else is not moderation (`undefined`), so a plain bad
 * request stays an `InvalidRequestError`.
 */
export function detectModeration(status: number, bodyText: string, apiKey: string | undefined): DetectedModeration | undefined {
  if (status !== 400 && status !== 422) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const body = parsed.data;
  const nested = typeof body.error === 'object' && body.error !== null ? body.error : undefined;
  const message = (typeof body.error === 'string' ? body.error : nested?.message) ?? body.message ?? '';
  const code = nested?.code ?? body.code ?? '';
  const pattern = /(?:^|[^a-z])moderat(?:ion|ed)(?:$|[^a-z])/i;
  if (!pattern.test(message) && !pattern.test(code)) return undefined;
  const ticks = body.usage?.cost_in_usd_ticks;
  return {
    message: redactSecret(message.trim() || 'xAI moderation blocked the request.', apiKey).slice(0, 1000),
    ...(typeof ticks === 'number' && Number.isFinite(ticks) && ticks >= 0 ? { costUsd: ticks / ticksPerUsd } : {}),
  };
}
