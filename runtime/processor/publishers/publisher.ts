/**
 * A destination for a target's results (Pushgateway, Model Registry). Publishers are independent: the processor
 * runs every one, reports each failure with its publisher's name, and exits non-zero at the end if any failed.
 * A publisher never deletes or overwrites anything on the results volume.
 */
import { TargetSummary } from '../types';

export interface PublishContext {
  readonly summary: TargetSummary;
  /** The target's folder for this run on the results volume (read-only for publishers). */
  readonly targetDir: string;
  /** Prints one line to the processor's log. */
  readonly log: (line: string) => void;
}

export interface Publisher {
  /** Short name for logs and errors, e.g. `pushgateway`. */
  readonly name: string;
  /** Publishes; throws an Error whose message says what failed and what to check. */
  publish(context: PublishContext): Promise<void>;
}
