// What must be undone if the run stops early (Ctrl-C, SIGTERM, an error): the pod and the temp
// folder. The CLI runs the registry on signals; the pipeline runs it in `finally`.

export type Cleanup = () => Promise<void> | void;

export class CleanupRegistry {
  private readonly items: Cleanup[] = [];
  private running: Promise<void> | undefined;

  /** Whether everything is being undone (a signal, an error): work still under way is moot. */
  get stopping(): boolean {
    return this.running !== undefined;
  }

  add(fn: Cleanup): void {
    this.items.push(fn);
  }

  /** A registry for one part of the work (one analysis of a batch): it runs on its own when
   * that part ends, and with this one when everything stops early. */
  child(): CleanupRegistry {
    const c = new CleanupRegistry();
    this.add(() => c.runAll());
    return c;
  }

  /** Run every cleanup once, newest first; errors are swallowed (best effort, never throws). */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      while (this.items.length > 0) {
        const fn = this.items.pop();
        try {
          await fn?.();
        } catch {
          // keep going: the next cleanup may still succeed
        }
      }
    })();
    return this.running;
  }
}
