import { describe, expect, it } from 'vitest';
import type { BenchFigures } from './bench-figures.js';
import { columns, renderBench, terminalSafe } from './bench-render.js';
import { statOf } from './bench-stats.js';

const figures: BenchFigures = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  machine: {
    cpus: 2,
    memoryBytes: 8 * 1024 ** 3,
    cpuModel: 'Test CPU',
    kernel: '6.1.0',
    docker: '20.10.24',
    node: 'v20.19.0',
  },
  image: 'mcp-airlock-sandbox:abc',
  imageReadyMs: 80,
  seed: 1,
  containerStart: {
    command: 'docker run --rm --network none IMAGE node -e 0',
    ms: statOf([500, 600, 700]),
  },
  targets: [
    {
      fixture: 'clean',
      allowEgress: [],
      rounds: 4,
      lingerMs: 3000,
      runs: 2,
      failures: [],
      verdicts: ['clean', 'clean'],
      steps: [
        { name: 'fetch', ms: statOf([4000, 4200]) },
        { name: 'total', ms: statOf([15000, 16000]) },
      ],
      childWallMs: statOf([16500, 17500]),
      peakRssKiB: statOf([150 * 1024, 160 * 1024]),
      totalOverContainerStart: 15500 / 600,
      wallOverContainerStart: 17000 / 600,
    },
    {
      fixture: 'example-weather',
      allowEgress: ['api.weather.example'],
      rounds: 4,
      lingerMs: 3000,
      runs: 1,
      failures: ['pod \u001b[2Jfailed'],
      verdicts: ['suspicious'],
      steps: [
        { name: 'fetch', ms: statOf([5000]) },
        { name: 'install', ms: statOf([900]) },
        { name: 'total', ms: statOf([18000]) },
      ],
      childWallMs: statOf([19000]),
      peakRssKiB: statOf([170 * 1024]),
      totalOverContainerStart: 30,
    },
  ],
  batch: [
    {
      concurrency: 1,
      targets: 6,
      wallMs: 120_000,
      analysesPerHour: 180,
      peakRssKiB: 200 * 1024,
      exitCode: 0,
      analysed: 6,
      statement: '6 targets: 6 clean',
    },
  ],
};

describe('renderBench', () => {
  const text = renderBench(figures);

  it('prints the machine, the container start and the ratio per target', () => {
    expect(text).toContain(
      'machine: 2 CPUs, 8.0 GiB, Test CPU, Linux 6.1.0, Docker 20.10.24, Node v20.19.0',
    );
    expect(text).toContain(
      'container start (docker run --rm --network none IMAGE node -e 0, 3 runs): median 600 ms, max 700 ms',
    );
    expect(text).toMatch(/total \/ container start\s+25\.8x\s+30\.0x/);
    expect(text).toMatch(/wall \/ container start\s+28\.3x\s+-/);
  });

  it('puts each step on a row with a dash where a target has none', () => {
    expect(text).toMatch(/fetch\s+4100 \/ 4200\s+5000 \/ 5000/);
    expect(text).toMatch(/install\s+-\s+900 \/ 900/);
    expect(text).toMatch(/peak RSS MiB\s+155 \/ 160\s+170 \/ 170/);
    expect(text).toContain(
      'example-weather: rounds 4, linger 3 s, --allow-egress api.weather.example',
    );
    expect(text).toMatch(/runs\s+2\s+1 \(\+1 failed\)/);
  });

  it('prints batch throughput and leaves out what was not run', () => {
    expect(text).toMatch(/1\s+6\s+120\.0\s+180\s+200\s+0\s+6 targets: 6 clean/);
    expect(text).not.toContain('reference servers');
    expect(renderBench({ ...figures, batch: [] })).not.toContain('batch throughput');
  });

  it('never passes control characters through', () => {
    expect(text).not.toContain('\u001b');
    expect(text).toContain('failed: pod ?[2Jfailed');
  });
});

describe('text helpers', () => {
  it('replaces control and format characters and bounds the length', () => {
    expect(terminalSafe('a\u001b[31mb\u202ec\n', 100)).toBe('a?[31mb?c?');
    expect(terminalSafe('abcdef', 4)).toBe('abc…');
  });

  it('aligns the first column left and the rest right', () => {
    expect(
      columns([
        ['a', '1'],
        ['bbb', '22'],
      ]),
    ).toEqual(['a     1', 'bbb  22']);
  });
});
