// The surface of a server that listed nothing: the one starting value every producer shares
// (the harness before its first listing, a package that never installed, tests). Pure.
import type { SurfaceObservations } from './types.js';

export function blankSurface(
  transport: SurfaceObservations['transport'],
  secondLaunch: SurfaceObservations['secondLaunch'],
): SurfaceObservations {
  return {
    transport,
    instructions: '',
    capabilities: '',
    resources: [],
    resourceTemplates: [],
    prompts: [],
    completions: [],
    notifications: [],
    notificationCounts: {},
    serverRequests: [],
    listings: [],
    drift: [],
    secondLaunch,
    rejected: [],
    listingFailures: [],
    metadata: [],
  };
}
