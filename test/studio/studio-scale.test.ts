import { PGlite } from '@electric-sql/pglite';
import { createVideoConductor } from '@ring/video-conductor';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import { createStudio, type StudioServer } from '@ring/video-conductor/studio';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser } from './browser.js';

const rowCount = 10_000;
let browser: Browser;
let db: PGlite;
let server: StudioServer;
const provider = createLocalVideoProvider();
/** Every SQL statement the ledger sent. */
const statements: string[] = [];

beforeAll(async () => {
  db = await PGlite.create();
  await migrate(db);
  // 10,000 rows straight into the ledger's table: seconds instead of minutes of inserts.
  await db.query(`INSERT INTO generated_videos (id, status, provider, model, quality_mode, resolution, duration_sec, aspect_ratio, operation, prompt, estimated_cost_usd, actual_cost_usd, audit, created_at, updated_at)
SELECT gen_random_uuid(), (ARRAY['succeeded','failed','moderated','persist_failed'])[1 + n % 4], 'xai', 'grok-imagine-video', (ARRAY['draft','production'])[1 + n % 2], '480p', 6, '16:9', 'generate',
  'Scale clip ' || n || ': a city at night', 0.3, CASE WHEN n % 3 = 0 THEN NULL ELSE 0.31 END,
  jsonb_build_object('actorId', 'actor-' || (n % 7), 'pipelineRequestId', 'campaign-' || (n % 40), 'clipId', 'clip-' || n),
  now() - n * interval '1 minute', now() - n * interval '1 minute'
FROM generate_series(1, ${rowCount}) AS n`);
  const ledger = createPostgresLedger({
    db: {
      query: (text: string, params?: unknown[]) => {
        statements.push(text);
        return db.query(text, params);
      },
    },
  });
  const conductor = createVideoConductor({ provider, ledger });
  server = await createStudio({ conductor, ledger }).listen({ port: 0 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await provider.close();
  await db?.close();
});

it(`renders the first page of ${rowCount.toLocaleString('en')} jobs from one keyset query, and pages through all of them with flat memory`, async () => {
  const page = await browser.newPage();
  statements.length = 0;
  const started = performance.now();
  await page.goto(`${server.url}/jobs`);
  const wallMs = performance.now() - started;
  const timing = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return { responseEnd: navigation!.responseEnd, domContentLoaded: navigation!.domContentLoadedEventEnd, load: navigation!.loadEventEnd };
  });
  console.info(
    `studio first page of ${rowCount} rows: ${wallMs.toFixed(0)} ms from navigation to load (browser: response ${timing.responseEnd.toFixed(0)} ms, DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms, load ${timing.load.toFixed(0)} ms)`,
  );
  expect(await page.locator('#jobs tbody tr').count()).toBe(50);
  // One statement for the page: a keyset SELECT with LIMIT, no count or full scan.
  const selects = statements.filter((text) => /^\s*SELECT/i.test(text));
  expect(selects).toHaveLength(1);
  expect(selects[0]).toMatch(/ORDER BY created_at DESC, id DESC LIMIT \$1::int/);
  expect(selects[0]).not.toMatch(/count\(/i);
  await page.close();

  // Page through every row over HTTP, following the "Next page" links.
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let path: string | undefined = '/jobs';
  let pages = 0;
  let rows = 0;
  while (path !== undefined) {
    statements.length = 0;
    const response: Response = await fetch(server.url + path);
    const html: string = await response.text();
    expect(response.status).toBe(200);
    expect(statements).toHaveLength(1);
    rows += (html.match(/<tr data-job-id=/g) ?? []).length;
    pages += 1;
    path = /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replace(/&#38;/g, '&');
  }
  const rssAfter = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.info(`studio paged ${rows} rows in ${pages} pages: RSS ${mib(rssBefore)} → ${mib(rssAfter)} MiB, heap ${mib(heapBefore)} → ${mib(heapAfter)} MiB`);
  expect(rows).toBe(rowCount);
  expect(pages).toBe(rowCount / 50);

  // Money over 10,000 rows: one aggregate statement, totals to the cent.
  statements.length = 0;
  const money = await (await fetch(`${server.url}/money`)).text();
  expect(statements).toHaveLength(1);
  expect(statements[0]).toMatch(/GROUP BY/);
  const { rows: sums } = await db.query<{ estimated: string; billed: string }>('SELECT sum(estimated_cost_usd)::text AS estimated, sum(actual_cost_usd)::text AS billed FROM generated_videos');
  expect(money).toContain(`id="total-estimated" data-usd="${Number(sums[0]!.estimated).toFixed(2)}"`);
  expect(money).toContain(`id="total-billed" data-usd="${Number(sums[0]!.billed).toFixed(2)}"`);
}, 120_000);
