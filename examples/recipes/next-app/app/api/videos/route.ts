// app/api/videos/route.ts — POST /api/videos: submit, answer 202 with the record id.
// A Next.js App Router route handler is a web-standard (Request) => Response function, so this
// file needs nothing from `next`.
import { submitVideo } from '../../../../video-http-handlers.js';
import { videoEnvironment } from '../../../lib/video-conductor.js';

export const runtime = 'nodejs'; // the conductor needs Node APIs (streams, crypto, pg)
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  const { conductor } = await videoEnvironment();
  const userId = request.headers.get('x-user-id') ?? undefined; // use your session's user here
  return submitVideo(conductor, request, userId);
}
