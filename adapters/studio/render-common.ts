import { unfinishedVideoStatuses, type VideoRecord } from '@ring/video-conductor';
import { html, type SafeHtml } from './html.js';

/** Whether a job may still change by itself. */
export function isActive(record: VideoRecord): boolean {
  return unfinishedVideoStatuses.includes(record.status);
}

/** Rough progress of a job from its status alone, in percent (the ledger keeps no provider percentage). */
export function statusProgress(record: VideoRecord): number {
  switch (record.status) {
    case 'queued':
      return 0;
    case 'pending':
      return 5;
    case 'submitted':
      return 15;
    case 'generating':
      return 50;
    case 'persisting':
      return 90;
    default:
      return 100;
  }
}

/** The status as a labelled, colour-coded text the live updates rewrite. */
export function renderStatus(record: VideoRecord, progress?: number): SafeHtml {
  const active = isActive(record);
  return html`<span class="status status-${record.status}" data-status-for="${record.id}" data-status="${record.status}">${record.status.replace('_', ' ')}</span>${
    active ? html`<progress max="100" value="${progress ?? statusProgress(record)}" data-progress-for="${record.id}" aria-label="Progress of job ${record.id.slice(0, 8)}"></progress>` : ''
  }`;
}

/** The thumbnail, else the first frame, else an empty box — served by the studio's media routes. */
export function renderThumb(record: VideoRecord, className = 'thumb'): SafeHtml {
  if (record.thumbnail !== null) return html`<img class="${className}" src="/media/${record.id}/thumbnail" alt="Thumbnail of job ${record.id.slice(0, 8)}" loading="lazy">`;
  if (record.firstFrame !== null) return html`<img class="${className}" src="/media/${record.id}/first-frame" alt="First frame of job ${record.id.slice(0, 8)}" loading="lazy">`;
  return html`<span class="placeholder ${className === 'thumb' ? '' : className}" role="img" aria-label="No image"></span>`;
}

/** `2026-11-29 18:27:18 UTC` from an ISO time. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
