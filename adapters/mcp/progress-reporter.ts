import type { VideoConductorEvent, VideoConductorEventListener } from '@ring/video-conductor';
import type { ProgressToken, ServerNotification } from '@modelcontextprotocol/sdk/types.js';

/** Where the stages of a job sit on the 0–100 scale of the progress notifications. */
const stage = {
  firstFrame: 5,
  submitted: 10,
  /** Provider progress 0–100 % is spread over `submitted`…`generated`. */
  generated: 90,
  persisting: 92,
  persisted: 97,
} as const;

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** The `_meta.progressToken` of the tool call; `undefined`: the client asked for no progress, nothing is sent. */
  progressToken: ProgressToken | undefined;
  /** Sends a notification related to the tool call (`extra.sendNotification`). */
  sendNotification: (notification: ServerNotification) => Promise<void>;
}

/**
 * Turns conductor events into MCP `notifications/progress` for one tool call. The MCP
 * specification requires `progress` to increase with every notification, so the stages are
 * mapped onto one 0–100 scale (first frame 5, submitted 10, provider progress 10–90,
 * persisting 92, persisted 97) and a notification that would not move forward is dropped.
 * A poll whose provider reports no percentage still moves the bar a little (5 % of the
 * way left to 90), so the client sees the job is alive and can reset its request timeout.
 * Sending never throws into the job: a failed notification is ignored.
 */
export function createProgressReporter(options: ProgressReporterOptions): VideoConductorEventListener {
  const { progressToken, sendNotification } = options;
  if (progressToken === undefined) return () => {};
  let last = 0;
  const send = (progress: number, message: string) => {
    if (!(progress > last)) return;
    last = progress;
    sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: 100, message } }).catch(() => {
      // The client went away or the transport closed: the job goes on regardless.
    });
  };
  return (event: VideoConductorEvent) => {
    switch (event.type) {
      case 'first-frame':
        send(stage.firstFrame, 'first frame ready');
        break;
      case 'submitted':
        send(stage.submitted, `submitted to the provider as ${event.requestId}`);
        break;
      case 'progress': {
        const range = stage.generated - stage.submitted;
        const from = Math.max(last, stage.submitted);
        const target =
          event.progress === undefined
            ? from + (stage.generated - from) * 0.05
            : stage.submitted + (range * Math.min(Math.max(event.progress, 0), 100)) / 100;
        send(
          Math.min(target, stage.generated),
          `${event.status}${event.progress === undefined ? '' : ` ${Math.round(event.progress)}%`} after ${Math.round(event.elapsedMs / 1000)} s`,
        );
        break;
      }
      case 'persisting':
        send(stage.persisting, 'video made; copying it to storage');
        break;
      case 'persisted':
        send(stage.persisted, `stored (${event.sizeBytes} bytes)`);
        break;
      default:
        break;
    }
  };
}
