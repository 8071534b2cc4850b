// Reads netsim's artifacts out of the gateway (bounded), keeps the pcap beside the report, and
// turns both into network observations; the raw events go on to the behaviour scans.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from '../../sandbox/docker/pod.js';
import type { NetsimEvent } from '../../sandbox/netsim/events.js';
import type { NetworkObservations, Timeline } from '../domain/types.js';
import { buildObservations } from '../observe/build-observations.js';
import { parseNetsimEvents } from '../observe/netsim-events.js';
import { decodePcap, type PcapPacket } from '../observe/pcap-decode.js';

const MAX_EVENT_LOG = 64 * 1024 * 1024;
const MAX_PCAP = 64 * 1024 * 1024;

export async function collectNetwork(
  pod: Pod,
  timeline: Timeline,
  outDir: string,
  notes: string[],
): Promise<{ network: NetworkObservations; events: NetsimEvent[] }> {
  const log = await pod.readGatewayFile('/var/log/netsim/events.jsonl', MAX_EVENT_LOG);
  const pcap = await pod.readGatewayFile('/var/log/netsim/egress.pcap', MAX_PCAP);
  writeFileSync(join(outDir, 'egress.pcap'), pcap);
  const parsed = parseNetsimEvents(log.toString('utf8'));
  if (parsed.skipped > 0)
    notes.push(`${parsed.skipped} netsim log lines were unreadable and skipped`);
  let packets: PcapPacket[] = [];
  if (pcap.length >= 24) {
    try {
      const decoded = decodePcap(pcap);
      packets = decoded.packets;
      if (decoded.malformed > 0) notes.push(`${decoded.malformed} malformed pcap records skipped`);
    } catch (e) {
      notes.push(`pcap unreadable: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else {
    notes.push('the egress capture was empty; connections come from netsim records only');
  }
  return { network: buildObservations(parsed.events, packets, timeline), events: parsed.events };
}
