import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describeUrl } from './describe-url.js';
import { thumbnailError } from './thumbnail-error.js';

/** Where in the video the frame is taken, in seconds: past a fade-in from black, still the opening shot. */
export const frameTimeSec = 0.5;

/** Longest stderr tail quoted in an error, in characters. */
const maxStderrChars = 2000;

/** Options of {@link extractVideoFrame}. */
export interface ExtractVideoFrameOptions {
  /** The ffmpeg executable. */
  ffmpegPath: string;
  /** The run is killed after this long, in ms. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * The ffmpeg input for a video URL: a path for `file://` URLs, the URL itself for
 * `http(s)`; `undefined` for schemes ffmpeg cannot read (`memory://`, `data:`, …).
 */
export function ffmpegInputOf(videoUrl: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(videoUrl);
  } catch {
    return undefined;
  }
  if (parsed.protocol === 'file:') return fileURLToPath(parsed);
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
  return undefined;
}

/**
 * Takes one frame of a video as PNG bytes by running
 * `ffmpeg -ss 0.5 -i <input> -frames:v 1 -f image2pipe -vcodec png -`. A video shorter than
 * 0.5 s yields no frame at that time, so the run is repeated once at 0 s.
 *
 * @param input A path or an `http(s)` URL, see {@link ffmpegInputOf}.
 * @throws VideoConductorError `FRAME_EXTRACTION_FAILED` when ffmpeg is missing, fails, times
 *   out or writes no frame. An abort kills ffmpeg and rejects with the signal's reason.
 */
export async function extractVideoFrame(input: string, options: ExtractVideoFrameOptions): Promise<Uint8Array> {
  const first = await runFfmpeg(input, frameTimeSec, options);
  if (first.byteLength > 0) return first;
  const fromStart = await runFfmpeg(input, 0, options);
  if (fromStart.byteLength > 0) return fromStart;
  throw failure(input, 'ffmpeg wrote no frame (is the video empty?)');
}

function failure(input: string, detail: string, cause?: unknown): Error {
  const target = /^https?:/.test(input) ? describeUrl(input) : input;
  return thumbnailError(`Taking a frame from ${target} with ffmpeg failed: ${detail}`, { code: 'FRAME_EXTRACTION_FAILED', cause });
}

function runFfmpeg(input: string, atSec: number, options: ExtractVideoFrameOptions): Promise<Uint8Array> {
  const { signal } = options;
  signal?.throwIfAborted();
  return new Promise<Uint8Array>((resolve, reject) => {
    const child = spawn(options.ffmpegPath, ['-ss', String(atSec), '-i', input, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      settle(() => reject(signal?.reason));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() => reject(failure(input, `no frame after ${options.timeoutMs} ms; ffmpeg was stopped`)));
    }, options.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-maxStderrChars);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      const detail = error.code === 'ENOENT' ? `no ffmpeg executable at "${options.ffmpegPath}"` : error.message;
      settle(() => reject(failure(input, detail, error)));
    });
    child.on('close', (code, killSignal) => {
      if (code === 0) {
        settle(() => resolve(new Uint8Array(Buffer.concat(chunks))));
        return;
      }
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      const redactedTail = /^https?:/.test(input) ? tail.split(input).join(describeUrl(input)) : tail;
      settle(() => reject(failure(input, `ffmpeg exited with ${code ?? killSignal}${redactedTail ? `: ${redactedTail}` : ''}`)));
    });
  });
}
