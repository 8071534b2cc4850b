import { describe, expect, it } from 'vitest';
import { cpuModelOf, machineLine } from './machine-info.js';

describe('machine info', () => {
  it('reads the first model name of /proc/cpuinfo', () => {
    const cpuinfo = [
      'processor\t: 0',
      'vendor_id\t: GenuineIntel',
      'model name\t: Intel(R) Xeon(R)   CPU @ 2.20GHz',
      '',
      'processor\t: 1',
      'model name\t: something else',
    ].join('\n');
    expect(cpuModelOf(cpuinfo)).toBe('Intel(R) Xeon(R) CPU @ 2.20GHz');
    expect(cpuModelOf('processor : 0\nBogoMIPS : 50.00\n')).toBe('unknown');
  });

  it('prints one line', () => {
    expect(
      machineLine({
        cpus: 2,
        memoryBytes: 8 * 1024 ** 3,
        cpuModel: 'AMD EPYC 7B13',
        kernel: '6.1.0-18-cloud-amd64',
        docker: '20.10.24+dfsg1',
        node: 'v20.19.0',
      }),
    ).toBe(
      '2 CPUs, 8.0 GiB, AMD EPYC 7B13, Linux 6.1.0-18-cloud-amd64, Docker 20.10.24+dfsg1, Node v20.19.0',
    );
  });
});
