// The reference servers of the MCP project that every analysis must handle without a false alarm
// (issue 4): pinned versions from the npm registry and the arguments each needs. Shared by the
// benchmark and the integration tests.

export interface ReferenceServer {
  /** Short name for tables. */
  name: string;
  spec: string;
  args: string[];
  env: string[];
}

export const REFERENCE_SERVERS: readonly ReferenceServer[] = [
  {
    name: 'everything',
    spec: '@modelcontextprotocol/server-everything@2026.8.31',
    args: ['stdio'],
    env: [],
  },
  {
    name: 'filesystem',
    spec: '@modelcontextprotocol/server-filesystem@2026.8.31',
    // The developer's project folder, as a user would pass it (it holds the planted .env).
    args: ['/home/dev/project'],
    env: [],
  },
  {
    name: 'memory',
    spec: '@modelcontextprotocol/server-memory@2026.8.31',
    args: [],
    env: ['MEMORY_FILE_PATH=/home/dev/memory.jsonl'],
  },
  {
    name: 'sequential-thinking',
    spec: '@modelcontextprotocol/server-sequential-thinking@2026.8.31',
    args: [],
    env: [],
  },
];

/** Calls answered by the server (a result or a tool error), as opposed to protocol errors. */
export function answeredShare(outcomes: readonly string[]): { answered: number; total: number } {
  const answered = outcomes.filter((o) => o === 'ok' || o === 'tool-error').length;
  return { answered, total: outcomes.length };
}
