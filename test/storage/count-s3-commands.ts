import type { S3Client } from '@aws-sdk/client-s3';

/** What {@link countS3Commands} observed on a client. */
export interface S3CommandCounts {
  /** How many times each command was sent, by name without the `Command` suffix (`UploadPart`). */
  readonly sent: Record<string, number>;
  /** Bytes of the `UploadPart` requests that completed successfully. */
  completedPartBytes: number;
  /** Number of `UploadPart` requests that completed successfully. */
  completedParts: number;
  /** How many times `name` was sent (0 when never). */
  count(name: string): number;
  /** Resolves once at least `parts` `UploadPart` requests completed. */
  partsCompleted(parts: number): Promise<void>;
}

/**
 * Counts the commands a real `S3Client` sends, with a middleware on its stack (the
 * requests still go to the server). Proves multipart use and cleanup on the wire.
 */
export function countS3Commands(client: S3Client): S3CommandCounts {
  const waiters: { parts: number; resolve: () => void }[] = [];
  const counts: S3CommandCounts = {
    sent: {},
    completedPartBytes: 0,
    completedParts: 0,
    count: (name) => counts.sent[name] ?? 0,
    partsCompleted(parts) {
      if (counts.completedParts >= parts) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ parts, resolve }));
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.sent[name] = (counts.sent[name] ?? 0) + 1;
      const result = await next(args);
      if (name === 'UploadPart') {
        const body = (args.input as { Body?: { byteLength?: number } }).Body;
        counts.completedPartBytes += body?.byteLength ?? 0;
        counts.completedParts += 1;
        for (const waiter of waiters.filter((candidate) => counts.completedParts >= candidate.parts)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      return result;
    },
    { step: 'initialize', name: 'countS3Commands' },
  );
  return counts;
}
