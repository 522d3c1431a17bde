import type { ProfileSummary } from './cpu-profile.js';

/** One profiled path of a section: its label, its profile, and the units its time is divided by (jobs, MiB). */
export interface ProfiledPath {
  label: string;
  profile: ProfileSummary;
  /** The profile's time is shown per one of these (e.g. 1000 jobs → µs per job uses `perJobs`). */
  perJobs?: number;
  perMib?: number;
}

/**
 * Two tables for a section's notes on where the time goes: self time by area, side by side
 * for every profiled path, and the hottest functions of each.
 */
export function profileComparison(paths: ProfiledPath[]): { header: string[]; rows: string[][] }[] {
  if (paths.length === 0) return [];
  const unit = (path: ProfiledPath) => (path.perJobs !== undefined ? 'µs / job' : 'ms / MiB');
  const value = (path: ProfiledPath, ms: number) =>
    path.perJobs !== undefined ? ((ms * 1000) / path.perJobs).toFixed(1) : (ms / (path.perMib ?? 1)).toFixed(2);
  const areas = [...new Set(paths.flatMap((path) => path.profile.areas.map((area) => area.area)))];
  const areaRows = areas.map((area) => [
    area,
    ...paths.map((path) => {
      const found = path.profile.areas.find((entry) => entry.area === area);
      return found === undefined ? '—' : `${value(path, found.ms)} (${(found.share * 100).toFixed(0)} %)`;
    }),
  ]);
  const functionRows = paths.flatMap((path) =>
    path.profile.top.map((fn) => [path.label, fn.name.replaceAll('|', '\\|'), fn.area, `${value(path, fn.ms)} (${(fn.share * 100).toFixed(0)} %)`]),
  );
  return [
    { header: ['area (self time, profiled run)', ...paths.map((path) => `${path.label}: ${unit(path)} (share)`)], rows: areaRows },
    { header: ['path', 'hottest functions (self time)', 'area', 'time (share)'], rows: functionRows },
  ];
}
