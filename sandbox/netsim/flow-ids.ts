// Flow numbers shared by every netsim listener that records TCP flows (the demux and the DNS
// server), so events from both can be joined by flow without clashes.

export interface FlowIds {
  next(): number;
}

export function makeFlowIds(): FlowIds {
  let n = 1;
  return { next: () => n++ };
}
