// Long work on the main thread, cut into slices: each export waits for its 200 behind whatever the
// main thread is doing, so a batch of tens of thousands of calls (planned, encoded) gives the
// event loop a turn every few milliseconds instead of holding it for a hundred.

/** `await slices.turn()` between steps: yields (setImmediate) once the slice has run `sliceMs`. */
export class TimeSlices {
  private started = performance.now();

  constructor(private readonly sliceMs = 4) {}

  async turn(): Promise<void> {
    if (performance.now() - this.started >= this.sliceMs) await this.yield();
  }

  /** Gives the event loop a turn now, and starts a new slice. */
  private async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}
