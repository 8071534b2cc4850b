import { describe, expect, it } from 'vitest';
import { vmHwmKiB, watchPeakRss } from './peak-rss.js';

describe('peak RSS', () => {
  it('reads VmHWM in KiB from a status text', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  183472 kB\nVmRSS:\t  150000 kB\n';
    expect(vmHwmKiB(status)).toBe(183472);
    expect(vmHwmKiB('Name:\tkthreadd\n')).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('watches a live process (this one)', () => {
    const w = watchPeakRss(process.pid, 10_000);
    expect(w.stop()).toBeGreaterThan(1000);
  });
});
