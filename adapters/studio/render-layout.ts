import { html, type SafeHtml } from './html.js';

/** The pages of the top navigation. */
export type StudioPage = 'jobs' | 'job' | 'campaigns' | 'campaign' | 'money' | 'error';

/** What {@link renderLayout} wraps. */
export interface LayoutInput {
  page: StudioPage;
  title: string;
  body: SafeHtml;
  /** `data-*` attributes of `<body>` the script reads (e.g. the job id of a job page). */
  bodyData?: Record<string, string>;
}

/** The page frame: skip link, navigation, a polite live region, the stylesheet and script from `/assets/`. */
export function renderLayout({ page, title, body, bodyData = {} }: LayoutInput): string {
  const current = (section: 'jobs' | 'campaigns' | 'money') =>
    page === section || (section === 'jobs' && page === 'job') || (section === 'campaigns' && page === 'campaign') ? 'page' : undefined;
  const link = (href: string, section: 'jobs' | 'campaigns' | 'money', label: string) =>
    current(section) === undefined ? html`<a href="${href}">${label}</a>` : html`<a href="${href}" aria-current="page">${label}</a>`;
  const data = Object.entries({ page, ...bodyData })
    .map(([name, value]) => html` data-${name.replace(/[^a-z-]/g, '')}="${value}"`)
    .map((part) => part.value)
    .join('');
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · video-conductor studio</title>
<link rel="stylesheet" href="/assets/studio.css">
<script src="/assets/studio.js" defer></script>
</head>`.value}
<body${data}>
${html`<a class="skip" href="#main">Skip to content</a>
<header class="top"><span class="brand">video-conductor studio</span>
<nav aria-label="Sections">${link('/jobs', 'jobs', 'Jobs')}${link('/campaigns', 'campaigns', 'Campaigns')}${link('/money', 'money', 'Money')}</nav></header>
<main id="main">
<p id="live" role="status" aria-live="polite" class="muted"></p>
${body}
</main>
</body>
</html>
`.value}`;
}
