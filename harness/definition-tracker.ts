// Keeps every tools/list the session makes: its fingerprint and trigger, the first definition of
// each tool ever seen, the model-visible texts of every definition (for the metadata rules), and
// the drift of each listing from the first one (rug pulls), each distinct change once.
import type {
  DefinitionDrift,
  ListingTrigger,
  Phase,
  ToolDefinition,
  ToolListing,
} from '../src/domain/types.js';
import {
  compareListings,
  driftKey,
  fingerprintListing,
  type Listed,
} from '../src/surface/drift.js';
import { toolMetadataTexts } from '../src/surface/metadata-texts.js';
import type { SurfaceRecorder } from './recorder.js';

const MAX_LISTINGS = 200;
const MAX_DRIFT = 100;

export class DefinitionTracker {
  readonly listings: ToolListing[] = [];
  readonly drift: DefinitionDrift[] = [];
  /** Every tool ever listed, as first seen. */
  readonly known = new Map<string, ToolDefinition>();
  private baseline: Listed | undefined;
  private readonly seen = new Set<string>();

  constructor(
    private readonly recorder: SurfaceRecorder,
    private readonly now: () => number,
  ) {}

  /** Records one listing; `afterCallId` is the last call made before it. */
  record(listed: Listed, trigger: ListingTrigger, textPhase: Phase, afterCallId?: string): void {
    const t = this.now();
    if (this.listings.length < MAX_LISTINGS)
      this.listings.push({
        t,
        trigger,
        fingerprint: fingerprintListing(listed),
        tools: listed.tools.length,
      });
    for (const tool of listed.tools) {
      if (!this.known.has(tool.name)) this.known.set(tool.name, tool);
      for (const m of toolMetadataTexts(tool, textPhase)) this.recorder.text(m);
    }
    if (listed.instructions)
      this.recorder.text({ source: 'instructions', phase: textPhase, text: listed.instructions });
    if (!this.baseline) {
      this.baseline = listed;
      return;
    }
    const at = { t, trigger, ...(afterCallId ? { afterCallId } : {}) };
    for (const d of compareListings(this.baseline, listed, at)) {
      const key = driftKey(d);
      if (this.seen.has(key) || this.drift.length >= MAX_DRIFT) continue;
      this.seen.add(key);
      this.drift.push(d);
    }
  }
}
