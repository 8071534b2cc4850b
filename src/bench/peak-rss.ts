// The peak resident memory of another process (a batch run of the CLI), read from its
// /proc/<pid>/status VmHWM (the kernel's high-water mark) every 200 ms while it runs. Limits:
// Linux only (undefined elsewhere); only that process, not its children (the batch command runs
// its analyses in-process, so its own mark is the figure); growth in the last interval before it
// exits is missed.
import { readFileSync } from 'node:fs';

/** VmHWM of a /proc/<pid>/status text, in KiB; undefined when the line is missing. */
export function vmHwmKiB(status: string): number | undefined {
  const m = /^VmHWM:\s*(\d+)\s*kB$/m.exec(status);
  return m ? Number(m[1]) : undefined;
}

export interface PeakWatch {
  /** Stops polling; the highest mark seen in KiB (undefined when none could be read). */
  stop(): number | undefined;
}

export function watchPeakRss(pid: number, intervalMs = 200): PeakWatch {
  let peak: number | undefined;
  const read = () => {
    try {
      const kib = vmHwmKiB(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (kib !== undefined) peak = Math.max(peak ?? 0, kib);
    } catch {
      // gone, or no /proc: keep what was seen
    }
  };
  read();
  const timer = setInterval(read, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}
