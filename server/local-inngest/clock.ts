/** Time as the local server sees it. Tests pass a `ManualClock` to make sleeps and backoff instant. */
export interface Clock {
  now(): number;
  /** Calls `listener` whenever the clock jumps forward (a manual clock; real time never jumps). */
  onJump?(listener: () => void): void;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Real time plus an offset that tests move forward. */
export class ManualClock implements Clock {
  private offset = 0;
  private listeners: (() => void)[] = [];
  now() {
    return Date.now() + this.offset;
  }
  advance(ms: number) {
    this.offset += ms;
    for (const listener of this.listeners) listener();
  }
  onJump(listener: () => void) {
    this.listeners.push(listener);
  }
}
