import type { VideoRecord } from '../ports/video-record.js';
import type { Warning } from '../ports/warning.js';
import { type CallContext, type ConductorDependencies, isAbortOf } from './job-context.js';
import { readNotes, withNotes } from './record-outcome.js';
import { recordThumbnail } from './record-transitions.js';

/**
 * Renders and stores the thumbnail the request asked for, once the video is stored. Never
 * fails the job: a renderer that declines or breaks leaves a warning in the row instead.
 * `videoUrl` is where the stored video can be read now (minted at storing time).
 */
export async function addThumbnail(deps: ConductorDependencies, record: VideoRecord, call: CallContext, videoUrl: string): Promise<VideoRecord> {
  const { thumbnailRenderer, storage } = deps;
  const notes = readNotes(record);
  if (notes.thumbnail === undefined || thumbnailRenderer === undefined || storage === undefined) return record;
  let warning: Warning;
  try {
    const rendered = await thumbnailRenderer.render(
      {
        spec: notes.thumbnail,
        videoUrl,
        ...(record.imageUrl === null ? {} : { firstFrameUrl: record.imageUrl }),
        ...(record.aspectRatio === null ? {} : { aspectRatio: record.aspectRatio }),
      },
      { signal: call.signal },
    );
    if ('skipped' in rendered) {
      warning = rendered.skipped;
    } else {
      const extension = rendered.contentType.split('/')[1]?.replace('jpeg', 'jpg') ?? 'img';
      const stored = await storage.put(`${deps.keyPrefix}${record.id}.thumbnail.${extension}`, rendered.data, { contentType: rendered.contentType }, { signal: call.signal });
      return await recordThumbnail(deps, record.id, {
        thumbnail: { storageKey: stored.key, url: stored.url, contentType: rendered.contentType, width: rendered.width, height: rendered.height },
      });
    }
  } catch (error) {
    if (isAbortOf(error, call.signal)) throw error;
    warning = { type: 'other', message: `The thumbnail could not be made: ${(error as Error)?.message ?? String(error)}` };
  }
  return recordThumbnail(deps, record.id, withNotes(record, { ...notes, warnings: [...notes.warnings, warning] }));
}
