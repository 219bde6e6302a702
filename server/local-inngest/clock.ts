/** Time as the local server sees it. Tests pass a `ManualClock` to make sleeps and backoff instant. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Real time plus an offset that tests move forward. */
export class ManualClock implements Clock {
  private offset = 0;
  now() {
    return Date.now() + this.offset;
  }
  advance(ms: number) {
    this.offset += ms;
  }
}
