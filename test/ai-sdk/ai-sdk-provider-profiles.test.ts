import { describe, expect, it } from 'vitest';
import { profileFor } from '../../adapters/ai-sdk/profiles/index.js';
import type { FailureContext } from '../../adapters/ai-sdk/provider-profile.js';

const context = (message: string, extra: Partial<FailureContext> = {}): FailureContext => ({ result: { status: 'error', error: message }, message, headers: undefined, errorBody: undefined, ...extra });
const fal = profileFor('fal.video');

describe('the per-provider tables', () => {
  it('picks the table by the model’s provider name', () => {
    expect(['fal.video', 'google.generative-ai', 'replicate.video', 'xai.video'].map((name) => profileFor(name).name)).toEqual(['fal', 'google', 'replicate', 'xai']);
    expect(['fal.video', 'google.generative-ai', 'replicate.video', 'xai.video'].map((name) => profileFor(name).sendsIdempotencyKey)).toEqual([false, false, false, true]);
  });

  it.each([
    ['Cannot connect to API: other side closed', undefined, 'transient'],
    ['Failed to process error response', undefined, 'transient'],
    ['Service Unavailable', undefined, 'transient'],
    ['Gateway Timeout', undefined, 'transient'],
    ['Internal error', { 'x-fal-retryable': 'true' }, 'transient'],
    ['Request timed out', { 'x-fal-error-type': 'request_timeout' }, 'transient'],
    ['Not Found', undefined, 'not-found'],
    ['Unprocessable Entity', undefined, 'confirm'],
    ['', undefined, 'confirm'],
  ] as const)('fal: %j (headers %j) is %s', (message, headers, kind) => {
    expect(fal.classifyFailure(context(message, { headers })).kind).toBe(kind);
  });

  it('fal: a recorded body decides — 503 transient, 404 not found, content_policy_violation moderated at once, another type failed at once', () => {
    expect(fal.classifyFailure(context('x', { errorBody: { status: 503, body: '' } }))).toMatchObject({ kind: 'transient', httpStatus: 503 });
    expect(fal.classifyFailure(context('x', { errorBody: { status: 404, body: '{}' } }))).toEqual({ kind: 'not-found' });
    const detail = (type: string) => JSON.stringify({ detail: [{ loc: ['body', 'prompt'], msg: 'nope', type, url: 'https://docs.fal.ai/errors' }] });
    expect(fal.classifyFailure(context('Unprocessable Entity', { errorBody: { status: 422, body: detail('content_policy_violation') } }))).toMatchObject({ kind: 'final', status: { state: 'moderated' } });
    expect(fal.classifyFailure(context('Unprocessable Entity', { errorBody: { status: 422, body: detail('image_too_large') } }))).toMatchObject({ kind: 'final', status: { state: 'failed', code: 'image_too_large', retryable: false } });
  });

  it('fal: resolution goes to providerOptions.fal.resolution, not the call option', () => {
    expect(fal.placeOptions({ operation: 'generate', model: 'm', prompt: 'p', resolution: '1080p' }, '1920x1080')).toEqual({ resolution: undefined, providerOptions: { fal: { resolution: '1080p' } }, warnings: [] });
  });
});
