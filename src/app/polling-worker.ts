import type { AppDeps } from './context.js';

/**
 * When a background worker runs a pass: at start, on a timer, and soon after
 * `wake()` — never two passes at once. A wake during a pass runs another pass
 * right after it instead of waiting for the timer. The dispatcher and the
 * webhook worker are such workers: they say what one pass does.
 */
export abstract class PollingWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private wakeRequested = false;
  private stopped = true;
  private stopRequested = false;

  constructor(private readonly loop: { intervalMs: number; logger: AppDeps['logger']; failureMessage: string }) {}

  /** One pass: everything due now. */
  abstract runOnce(): Promise<unknown>;

  /**
   * Set by stop() until the next start(): a pass in progress should end after
   * the batch it is on. A pass run by hand, with the loop never started, runs to the end.
   */
  protected get stopping(): boolean {
    return this.stopRequested;
  }

  start(): void {
    this.stopped = false;
    this.stopRequested = false;
    this.schedule(0);
  }

  /** Stops the timer and waits for the pass in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopRequested = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a pass soon (new work was queued). Cheap and safe to call often. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.running || this.stopped) return;
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((error: unknown) => this.loop.logger.error({ err: error }, this.loop.failureMessage))
      .finally(() => {
        this.running = null;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        this.schedule(again ? 0 : this.loop.intervalMs);
      });
    await this.running;
  }
}
