// app/api/videos/[recordId]/route.ts — GET /api/videos/<recordId>: the job's status.
import { videoStatus } from '../../../../../video-http-handlers.js';
import { videoEnvironment } from '../../../../lib/video-conductor.js';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(_request: Request, context: { params: Promise<{ recordId: string }> }): Promise<Response> {
  const { recordId } = await context.params;
  const { conductor } = await videoEnvironment();
  return videoStatus(conductor, recordId);
}
