import { createVideoConductorFromEnv, type VideoConductorEnvironment } from '@ring/video-conductor/cli';

// One conductor per server process, created on first use and shared by every route.
// Configure it with the same variables as the CLI: DATABASE_URL (a Postgres shared with the
// worker that finishes the jobs), VIDEO_CONDUCTOR_S3_BUCKET, XAI_API_KEY, …
let environment: Promise<VideoConductorEnvironment> | undefined;

export function videoEnvironment(): Promise<VideoConductorEnvironment> {
  return (environment ??= createVideoConductorFromEnv(process.env));
}
