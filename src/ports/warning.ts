/**
 * Something the caller should know that did not stop the call: a field the backend
 * ignores, a feature that was skipped. Warnings never carry secrets.
 */
export type Warning =
  | {
      type: 'unsupported';
      /** The request field that was ignored, e.g. `durationSec`. */
      field: string;
      /** Why it was ignored. */
      detail?: string;
    }
  | {
      type: 'other';
      /** A sentence for a person. */
      message: string;
    }
  | {
      /** What the provider billed differs from the estimate by more than 10 %. */
      type: 'cost_drift';
      /** The plan's estimate, in USD. */
      estimatedCostUsd: number;
      /** What was billed (video plus first frame), in USD. */
      actualCostUsd: number;
      /** A sentence for a person. */
      message: string;
    };
