import { join } from 'node:path';
import { createStudio, type Studio, type StudioServer } from '@ring/video-conductor/studio';
import { sampleVideoRecord } from '@ring/video-conductor/contract';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotDirectory } from './browser.js';
import { createStudioFixture, type StudioFixture } from './studio-fixture.js';

let browser: Browser;
let context: BrowserContext;
let fixture: StudioFixture;
let studio: Studio;
let server: StudioServer;
const shots = screenshotDirectory();
/** Console messages about the Content-Security-Policy, from every page. */
const cspViolations: string[] = [];

beforeAll(async () => {
  [browser, fixture] = await Promise.all([launchBrowser(), createStudioFixture()]);
  studio = createStudio({ conductor: fixture.conductor, ledger: fixture.ledger, storage: fixture.storage, allowActions: true, budget: { maxUsdPerDay: 2 }, pollMs: 200 });
  server = await studio.listen({ port: 0 });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await fixture?.close();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(server.url + path);
  return page;
}

describe('studio in Chromium', () => {
  it('filters the jobs table by status, campaign and prompt search', async () => {
    const page = await open('/jobs');
    await expect.poll(() => page.locator('#jobs tbody tr').count()).toBe(16);
    await page.getByLabel('Status').selectOption('moderated');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=moderated/);
    expect(await page.locator('#jobs tbody tr').count()).toBe(1);
    expect(await page.locator('#jobs tbody tr').first().textContent()).toContain('A crowded beach party');

    await page.goto(`${server.url}/jobs`);
    await page.getByLabel('Campaign (pipeline request id)').fill(fixture.campaign);
    await page.getByLabel('Prompt contains').fill('SUNFLOWERS');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=SUNFLOWERS/);
    const rows = page.locator('#jobs tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('[data-status]').getAttribute('data-status')).toBe('persist_failed');

    await page.goto(`${server.url}/jobs?campaign=${fixture.campaign}`);
    expect(await page.locator('#jobs tbody tr').count()).toBe(4);
    expect(await page.locator('#jobs img.thumb').count()).toBe(1);
    expect(await page.locator('#jobs img.thumb').first().evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
    await page.goto(`${server.url}/jobs`);
    await page.screenshot({ path: join(shots, 'studio-jobs.png') });
    await page.close();
  });

  it('opens a job from the table and its video plays, with first frame, thumbnail, plan and costs', async () => {
    const page = await open('/jobs');
    await page.getByRole('link', { name: 'A drone shot over Kyiv at dawn' }).click();
    await page.waitForURL(new RegExp(`/jobs/${fixture.clips.succeeded.id}$`));
    const video = page.locator('video#player');
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const first = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
    await expect
      .poll(() => video.evaluate((element: HTMLVideoElement, start: number) => element.currentTime !== start && element.played.length > 0 && element.played.end(0) > 0, first), { timeout: 10_000 })
      .toBe(true);
    for (const name of ['First frame (generated)', 'Thumbnail']) {
      expect(await page.getByRole('img', { name }).evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
    }
    const text = await page.locator('main').textContent();
    expect(text).toContain('draft → draft_i2v');
    expect(text).toContain('the local provider does not look at the image');
    expect(await page.locator('#estimated-cost').textContent()).toBe('$0.35');
    expect(await page.locator('#billed-cost').textContent()).toBe('$0.00');
    expect(await page.locator('#cli-command').textContent()).toContain("video-conductor generate 'A drone shot over Kyiv at dawn' --provider local --duration 4 --quality-mode draft");
    expect(JSON.parse((await page.locator('#json-request').textContent()) ?? '')).toMatchObject({ prompt: 'A drone shot over Kyiv at dawn', firstFramePrompt: 'Kyiv skyline at dawn', audit: { clipId: 'clip-1' } });
    expect(await page.locator('ol.timeline li').first().textContent()).toContain('created');
    await page.screenshot({ path: join(shots, 'studio-job.png'), fullPage: true });
    await page.close();
  });

  it('shows a failed job with its error code', async () => {
    const page = await open(`/jobs/${fixture.clips.failed.id}`);
    expect(await page.locator('#error strong').textContent()).toBe(fixture.clips.failed.error!.code);
    expect(await page.locator('video').count()).toBe(0);
    await page.close();
  });

  it('shows the campaign as a grid of its clips with status and cost', async () => {
    const page = await open('/campaigns');
    await page.getByRole('link', { name: fixture.campaign }).click();
    const cards = page.locator('#clips li');
    expect(await cards.count()).toBe(4);
    const statuses = await cards.locator('[data-status]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-status')).sort());
    expect(statuses).toEqual(['failed', 'moderated', 'persist_failed', 'succeeded']);
    await page.screenshot({ path: join(shots, 'studio-campaign.png') });
    await page.close();
  });

  it('money charts total the ledger to the cent', async () => {
    const page = await open('/money');
    const { rows } = await fixture.db.query<{ estimated: string; billed: string; jobs: number }>(
      'SELECT sum(estimated_cost_usd)::text AS estimated, coalesce(sum(actual_cost_usd), 0)::text AS billed, count(*)::int AS jobs FROM generated_videos',
    );
    const ledger = rows[0]!;
    const estimated = Number(ledger.estimated).toFixed(2);
    const billed = Number(ledger.billed).toFixed(2);
    expect(await page.locator('#total-estimated').getAttribute('data-usd')).toBe(estimated);
    expect(await page.locator('#total-billed').getAttribute('data-usd')).toBe(billed);
    expect(await page.locator('#total-estimated').textContent()).toBe(`$${estimated}`);
    expect(Number(await page.locator('#total-jobs').textContent())).toBe(ledger.jobs);
    for (const id of ['chart-day', 'chart-actor', 'chart-campaign', 'chart-mode']) {
      const chart = page.locator(`#${id}`);
      expect(await chart.getAttribute('data-estimated-total')).toBe(estimated);
      expect(await chart.getAttribute('data-billed-total')).toBe(billed);
      expect(await chart.locator('svg rect.billed').count()).toBeGreaterThan(0);
    }
    // The daily budget is drawn on the per-day chart.
    expect(await page.locator('#chart-day line.budget').count()).toBe(1);
    const days = await page.locator('#chart-day svg rect.est').count();
    expect(days).toBe(5);
    await page.screenshot({ path: join(shots, 'studio-money.png'), fullPage: true });
    await page.close();
  });

  it('resume of the persist_failed job ends succeeded and the page updates live', async () => {
    const { id } = fixture.clips.persistFailed;
    const page = await open(`/jobs/${id}`);
    expect(await page.locator('body').getAttribute('data-status')).toBe('persist_failed');
    expect(await page.locator('video').count()).toBe(0);
    await page.getByRole('button', { name: 'Resume' }).click();
    // No click on reload: the live stream notices the change and the page shows the new state.
    await page.waitForSelector('body[data-status="succeeded"]', { timeout: 15_000 });
    await expect.poll(() => page.locator('video#player').evaluate((element: HTMLVideoElement) => element.readyState), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const row = await fixture.ledger.get(id);
    expect(row).toMatchObject({ status: 'succeeded', error: null });
    expect(row!.storageKey).toBe(`videos/${id}.mp4`);
    await page.close();
  });

  it('updates a running job in the table live when its row changes', async () => {
    const record = await fixture.ledger.insert(sampleVideoRecord({ provider: 'local', status: 'generating', requestId: 'elsewhere-1', prompt: 'A job another worker runs', audit: { pipelineRequestId: 'live' } }));
    const page = await open('/jobs?campaign=live');
    const cell = page.locator(`[data-status-for="${record.id}"]`);
    expect(await cell.getAttribute('data-status')).toBe('generating');
    expect(await page.locator(`progress[data-progress-for="${record.id}"]`).isVisible()).toBe(true);
    await fixture.ledger.update(record.id, { status: 'persisting' });
    await expect.poll(() => cell.getAttribute('data-status'), { timeout: 10_000 }).toBe('persisting');
    expect(await page.locator(`progress[data-progress-for="${record.id}"]`).evaluate((bar: HTMLProgressElement) => bar.value)).toBe(90);
    await fixture.ledger.update(record.id, { status: 'failed', error: { code: 'GENERATION_FAILED', message: 'test' } });
    await expect.poll(() => cell.getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');
    expect(await cell.textContent()).toBe('failed');
    expect(await page.locator(`progress[data-progress-for="${record.id}"]`).isHidden()).toBe(true);
    expect(await page.locator('#live').textContent()).toContain('is now failed');
    await page.close();
  });

  it('cancel asks for confirmation and does nothing when declined', async () => {
    const record = await fixture.ledger.insert(sampleVideoRecord({ provider: 'local', status: 'pending', prompt: 'A queued clip to cancel', audit: { pipelineRequestId: 'other' } }));
    const page = await open(`/jobs/${record.id}`);
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain('Cancel this job?');
    expect((await fixture.ledger.get(record.id))!.status).toBe('pending');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.waitForSelector('body[data-status="cancelled"]', { timeout: 10_000 });
    expect((await fixture.ledger.get(record.id))!.status).toBe('cancelled');
    await page.close();
  });

  it('fits a phone-width screen and is usable from the keyboard', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      const page = await phone.newPage();
      await page.goto(`${server.url}/jobs`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      // Every form control has a label.
      const unlabelled = await page.locator('form.filters input, form.filters select').evaluateAll((controls) =>
        controls.filter((control) => (control as HTMLInputElement).labels?.length === 0).length,
      );
      expect(unlabelled).toBe(0);
      await page.screenshot({ path: join(shots, 'studio-phone.png') });
      await page.goto(`${server.url}/jobs/${fixture.clips.succeeded.id}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }
  });

  it('ran every page under its Content-Security-Policy without a violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
