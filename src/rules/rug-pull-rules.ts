// mcp/rug-pull: one high finding per distinct change in the server's tool definitions or
// instructions (see src/surface/drift.ts for how listings are compared and what is not seen).
import type { DefinitionDrift, Finding, Phase } from '../domain/types.js';
import { RULES } from './catalog.js';

const WHEN: Record<DefinitionDrift['trigger'], string> = {
  initial: 'on the first listing',
  round: 'between rounds of calls',
  list_changed: 'after the server sent list_changed',
  restart: 'after the server was restarted',
  'second-launch': 'on a second launch over the same state',
};

function title(d: DefinitionDrift): string {
  const when = WHEN[d.trigger];
  switch (d.kind) {
    case 'tool-changed':
      return `Tool "${d.name ?? ''}" changed its ${d.fields.join(', ')} ${when}`;
    case 'tool-added':
      return `Tool "${d.name ?? ''}" appeared ${when}`;
    case 'tool-removed':
      return `Tool "${d.name ?? ''}" disappeared ${when}`;
    case 'instructions-changed':
      return `The server's instructions changed ${when}`;
  }
}

function phaseOf(d: DefinitionDrift): Phase {
  return d.trigger === 'second-launch' ? 'relaunch' : 'exercise';
}

export function rugPullFindings(drift: readonly DefinitionDrift[]): Finding[] {
  return drift.map((d) => ({
    rule: RULES.rugPull.id,
    severity: RULES.rugPull.severity,
    title: title(d),
    phase: phaseOf(d),
    ...(d.name ? { tool: d.name } : {}),
    ...(d.afterCallId ? { callId: d.afterCallId } : {}),
    evidence: {
      before: d.before,
      after: d.after,
      field: d.fields.join(', '),
      source: d.trigger,
    },
  }));
}
