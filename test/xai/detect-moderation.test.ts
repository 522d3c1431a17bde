import { describe, expect, it } from 'vitest';
import { detectModeration } from '../../adapters/xai/detect-moderation.js';
import { imageModeration400Body, invalidArgument400Body, moderation400Body } from './fixtures/published-bodies.js';

const key = 'xai-secret-key-0123456789';

describe('detectModeration: the one rule that tells a billed moderation 400 from a bad request', () => {
  it.each([
    ['published video 400 with usage', 400, JSON.stringify(moderation400Body), { message: 'Generated video rejected by content moderation.', costUsd: 0.25 }],
    ['published image 400 with usage', 400, JSON.stringify(imageModeration400Body), { message: 'Generated image rejected by content moderation.', costUsd: 0.02 }],
    ['moderation without usage', 400, JSON.stringify({ error: 'Prompt rejected by content moderation.' }), { message: 'Prompt rejected by content moderation.' }],
    ['moderation named in the code only', 422, JSON.stringify({ code: 'content_moderated', error: 'blocked' }), { message: 'blocked' }],
    ['OpenAI-style nested error', 400, JSON.stringify({ error: { message: 'Video rejected by moderation', code: 'x' } }), { message: 'Video rejected by moderation' }],
    ['the key echoed is redacted', 400, JSON.stringify({ error: `moderation blocked request of ${key}` }), { message: 'moderation blocked request of [REDACTED]' }],
    ['a plain invalid argument', 400, JSON.stringify(invalidArgument400Body), undefined],
    ['moderation text on a 500', 500, JSON.stringify(moderation400Body), undefined],
    ['moderation text on a 403', 403, JSON.stringify(moderation400Body), undefined],
    ['not JSON', 400, 'Generated video rejected by content moderation.', undefined],
    ['empty body', 400, '', undefined],
    ['a word that only contains the stem', 400, JSON.stringify({ error: 'moderator field unknown' }), undefined],
  ])('%s', (_name, status, body, expected) => {
    expect(detectModeration(status, body, key)).toEqual(expected);
  });
});
