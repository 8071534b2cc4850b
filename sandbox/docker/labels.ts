// Labels put on every container of a run, so leftovers can always be found and removed.
export const LABEL_RUN = 'mcp-airlock.run';
export const LABEL_ROLE = 'mcp-airlock.role';
export const LABEL_OWNER_PID = 'mcp-airlock.owner-pid';

export function runLabels(
  runId: string,
  role: 'gateway' | 'target' | 'observer' | 'volume' | 'fetch',
): Record<string, string> {
  return { [LABEL_RUN]: runId, [LABEL_ROLE]: role, [LABEL_OWNER_PID]: String(process.pid) };
}
