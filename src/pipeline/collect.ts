// Reads netsim's artifacts out of the gateway (bounded), keeps the pcap beside the report, and
// turns both into network observations; the raw events go on to the behaviour scans. Whatever
// cut the view short is returned as gaps: a cap netsim reached, netsim restarting, the capture
// ending before the run did (killed, or at its packet limit), a log too big to read whole.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxPod } from '../../sandbox/sandbox-pod.js';
import { GATEWAY_LOG_DIR, GATEWAY_PCAP_DIR } from '../../sandbox/docker/pod-spec.js';
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type { NetworkObservations, ObservationGap, Timeline } from '../domain/types.js';
import { buildObservations } from '../observe/build-observations.js';
import { netsimGaps } from '../observe/netsim-gaps.js';
import { parseNetsimEvents } from '../observe/netsim-events.js';
import { decodePcap, type PcapPacket } from '../observe/pcap-decode.js';

const MAX_EVENT_LOG = 100 * 1024 * 1024;
const MAX_PCAP = 64 * 1024 * 1024;
/** gateway-init.sh's `tcpdump -c`: the capture stops after this many flows. */
export const PCAP_PACKET_LIMIT = 100_000;

export interface Collected {
  network: NetworkObservations;
  events: NetsimEvent[];
  gaps: ObservationGap[];
}

export async function collectNetwork(
  pod: SandboxPod,
  timeline: Timeline,
  outDir: string,
  notes: string[],
): Promise<Collected> {
  const gaps: ObservationGap[] = [];
  const captureAlive = await pod.gatewayProcessRunning('tcpdump');
  const log = await pod.readGatewayFile(`${GATEWAY_LOG_DIR}/events.jsonl`, MAX_EVENT_LOG + 1);
  const pcap = await pod.readGatewayFile(`${GATEWAY_PCAP_DIR}/egress.pcap`, MAX_PCAP + 1);
  if (log.length > MAX_EVENT_LOG)
    gaps.push({ kind: 'cap', what: 'event log read', detail: `${MAX_EVENT_LOG} bytes` });
  if (pcap.length > MAX_PCAP)
    gaps.push({ kind: 'cap', what: 'egress capture read', detail: `${MAX_PCAP} bytes` });
  writeFileSync(join(outDir, 'egress.pcap'), pcap.subarray(0, MAX_PCAP));
  const parsed = parseNetsimEvents(log.subarray(0, MAX_EVENT_LOG).toString('utf8'));
  if (parsed.skipped > 0)
    notes.push(`${parsed.skipped} netsim log lines were unreadable and skipped`);
  gaps.push(...netsimGaps(parsed.events, parsed.skipped));
  let packets: PcapPacket[] = [];
  if (pcap.length >= 24) {
    try {
      const decoded = decodePcap(pcap.subarray(0, MAX_PCAP));
      packets = decoded.packets;
      if (decoded.malformed > 0) notes.push(`${decoded.malformed} malformed pcap records skipped`);
    } catch (e) {
      notes.push(`pcap unreadable: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else {
    notes.push('the egress capture was empty; connections come from netsim records only');
  }
  if (packets.length >= PCAP_PACKET_LIMIT)
    gaps.push({ kind: 'cap', what: 'egress capture', detail: `${PCAP_PACKET_LIMIT} new flows` });
  else if (!captureAlive)
    gaps.push({
      kind: 'helper',
      what: 'egress capture',
      detail: 'tcpdump was not running at the end of the run',
    });
  return {
    network: buildObservations(parsed.events, packets, timeline),
    events: parsed.events,
    gaps,
  };
}
