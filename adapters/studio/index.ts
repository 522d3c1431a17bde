/**
 * The operator console: `createStudio({ conductor, ledger, storage })` serves a local web
 * console over the same conductor, ledger and storage — every job in a filterable table with
 * live progress, each video playing in its page, campaigns as clip grids, spend as charts.
 * The CLI runs it as `video-conductor studio`.
 *
 * Only `node:http`; HTML is rendered on the server, charts are server-drawn SVG, one small
 * script and stylesheet are shipped inside the package (no CDN), under a strict
 * Content-Security-Policy.
 *
 * @module studio
 */
export {
  createStudio,
  studioContentSecurityPolicy,
  type Studio,
  type StudioListenOptions,
  type StudioOptions,
  type StudioRequestHandler,
  type StudioServer,
} from './create-studio.js';
export { studioActions, type StudioAction } from './job-actions.js';
export { isLoopbackHost, studioTokenCookie } from './studio-guard.js';
