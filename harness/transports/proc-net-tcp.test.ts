import { describe, expect, it } from 'vitest';
import { MAX_PORTS, MAX_PROC_NET_BYTES, parseProcNetTcp } from './proc-net-tcp.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1001 1 0000000000000000 100 0 0 10 0
   1: 00000000:2760 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 100 0 0 10 0
   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 1003 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2001 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2002 1 0000000000000000 100 0 0 10 0
`;

describe('parseProcNetTcp', () => {
  it('finds the LISTEN ports of one uid in IPv4 and IPv6 tables, distinct and ascending', () => {
    expect(parseProcNetTcp(TCP + TCP6, 1000)).toEqual([3000, 8080]);
  });

  it('ignores other uids and sockets that are not listening', () => {
    expect(parseProcNetTcp(TCP, 0)).toEqual([10080]);
    expect(parseProcNetTcp(TCP, 1001)).toEqual([]);
  });

  it('skips headers, blank and malformed lines', () => {
    const junk = [
      'garbage',
      '',
      '   9: ZZZZZZZZ:1F90 00000000:0000 0A 0 0 0 1000',
      '   9: 0100007F:1F9 00000000:0000 0A 0 0 0 1000',
      '   9: 0100007F:0000 00000000:0000 0A 0 0 0 1000',
      'x: 0100007F:1F91 00000000:0000 0A 0 0 0 1000',
      '   9: 0100007F:1F92 00000000:0000 0A',
      '   9: 0100007F:1F93 00000000:0000 0A 0 0 0 1000',
    ].join('\n');
    expect(parseProcNetTcp(junk, 1000)).toEqual([0x1f93]);
  });

  it('reads at most MAX_PROC_NET_BYTES and returns at most MAX_PORTS ports', () => {
    const line = (p: number) =>
      `   0: 0100007F:${p.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 1\n`;
    const many = Array.from({ length: 1000 }, (_, i) => line(i + 1)).join('');
    expect(parseProcNetTcp(many, 1000)).toHaveLength(MAX_PORTS);
    const late = `${' '.repeat(MAX_PROC_NET_BYTES)}\n${line(4242)}`;
    expect(parseProcNetTcp(late, 1000)).toEqual([]);
  });
});
