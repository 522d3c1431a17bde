import type { VideoConductorEventListener } from '@ring/video-conductor';
import type { ProgressBoard } from '../output/progress-board.js';

/**
 * An `onEvent` listener that keeps a job's progress line current: state, percent, elapsed
 * time and the estimated cost (from the plan, or `estimatedCostUsd` for resumed jobs).
 */
export function progressListener(board: ProgressBoard, label: string, estimatedCostUsd?: number): VideoConductorEventListener {
  const cost = estimatedCostUsd === undefined ? {} : { estimatedCostUsd };
  return (event) => {
    switch (event.type) {
      case 'planned':
        board.update(label, { status: 'pending', estimatedCostUsd: event.plan.estimatedCostUsd });
        break;
      case 'first-frame':
        board.update(label, { ...cost, status: 'first-frame' });
        break;
      case 'submitted':
        board.update(label, { ...cost, status: 'submitted' });
        break;
      case 'progress':
        board.update(label, { ...cost, status: event.status, ...(event.progress === undefined ? {} : { progress: event.progress }) });
        break;
      case 'persisting':
        board.update(label, { ...cost, status: 'persisting' });
        break;
      case 'persisted':
        board.update(label, { ...cost, status: 'stored', progress: 100 });
        break;
      default:
        break;
    }
  };
}
