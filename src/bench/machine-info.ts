// The machine the figures came from (the README prints it beside them): cores, memory, CPU model,
// kernel, Docker engine and Node versions. Reading /proc and asking the docker CLI are the only
// effects; the parsing is pure and tested.
import { readFileSync } from 'node:fs';
import { availableParallelism, release, totalmem } from 'node:os';
import { execa } from 'execa';

export interface MachineInfo {
  cpus: number;
  memoryBytes: number;
  cpuModel: string;
  kernel: string;
  /** The engine's version (`docker version`), or `unknown`. */
  docker: string;
  node: string;
}

/** The first `model name` of /proc/cpuinfo, whitespace folded; `unknown` when absent (arm). */
export function cpuModelOf(cpuinfo: string): string {
  const m = /^model name\s*:\s*(.+)$/m.exec(cpuinfo);
  return m?.[1]?.replace(/\s+/g, ' ').trim() || 'unknown';
}

/** One line for the table: `2 CPUs, 7.8 GiB, <model>, Linux <kernel>, Docker <v>, Node <v>`. */
export function machineLine(m: MachineInfo): string {
  const gib = (m.memoryBytes / 1024 ** 3).toFixed(1);
  return `${m.cpus} CPUs, ${gib} GiB, ${m.cpuModel}, Linux ${m.kernel}, Docker ${m.docker}, Node ${m.node}`;
}

export async function readMachineInfo(): Promise<MachineInfo> {
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // not Linux: the model stays unknown
  }
  const docker = await execa('docker', ['version', '--format', '{{.Server.Version}}'], {
    reject: false,
    timeout: 15_000,
  });
  return {
    cpus: availableParallelism(),
    memoryBytes: totalmem(),
    cpuModel: cpuModelOf(cpuinfo),
    kernel: release(),
    docker: (docker.exitCode === 0 && String(docker.stdout).trim()) || 'unknown',
    node: process.version,
  };
}
