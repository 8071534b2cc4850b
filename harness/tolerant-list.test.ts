// Tolerant listing against a hand-written server: one malformed definition no longer hides the
// others, pages are followed, a failed page keeps what came before, and caps are reported.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { listAllTools } from './list-tools.js';
import { rawServer, type Answer } from './testdata/raw-server.js';
import { listTolerant } from './tolerant-list.js';

const good = (name: string) => ({
  name,
  description: `${name} does things`,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
});

async function clientFor(answer: Answer): Promise<Client> {
  const client = new Client({ name: 't', version: '1' });
  await client.connect(await rawServer(answer));
  return client;
}

describe('listTolerant', () => {
  it('keeps every good tool when one definition breaks the SDK schema', async () => {
    const client = await clientFor(() => ({
      tools: [
        good('a'),
        { name: 'bad', description: 'x', inputSchema: { properties: {} } },
        good('c'),
      ],
    }));
    // The SDK's own listTools rejects the whole page: the hole this closes.
    await expect(client.listTools()).rejects.toThrow();
    const r = await listAllTools(client, 2000, 100);
    expect(r.tools.map((t) => t.name)).toEqual(['a', 'c']);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ list: 'tools', index: 1, name: 'bad' });
    expect(r.rejected[0]?.error).toMatch(/inputSchema\.type/);
    expect(r.rejectedDefinitions[0]?.description).toBe('x');
    expect(r.error).toBeUndefined();
  });

  it('reports an item without a name by its index', async () => {
    const client = await clientFor(() => ({ tools: [42, good('a')] }));
    const r = await listAllTools(client, 2000, 100);
    expect(r.tools.map((t) => t.name)).toEqual(['a']);
    expect(r.rejected[0]).toMatchObject({ index: 0 });
    expect(r.rejected[0]?.name).toBeUndefined();
  });

  it('follows pages and keeps what came before a page that fails', async () => {
    const client = await clientFor((_m, params) => {
      if (!params['cursor']) return { tools: [good('a')], nextCursor: 'p2' };
      if (params['cursor'] === 'p2') return { tools: [good('b')], nextCursor: 'p3' };
      throw { code: -32603, message: 'boom' };
    });
    const r = await listAllTools(client, 2000, 100);
    expect(r.tools.map((t) => t.name)).toEqual(['a', 'b']);
    expect(r.error).toMatch(/tools\/list failed: .*boom/);
  });

  it('stops at the item cap and says so', async () => {
    const client = await clientFor(() => ({ tools: [good('a'), good('b'), good('c')] }));
    const r = await listAllTools(client, 2000, 2);
    expect(r.tools).toHaveLength(2);
    expect(r.truncated).toBe(true);
  });

  it('stops an endless pagination and says so', async () => {
    let n = 0;
    const client = await clientFor(() => ({ tools: [good(`t${n}`)], nextCursor: `c${n++}` }));
    const r = await listTolerant(client, {
      method: 'tools/list',
      key: 'tools',
      schema: ToolSchema,
      timeoutMs: 2000,
      maxItems: 10_000,
    });
    expect(r.truncated).toBe(true);
    expect(r.items.length).toBeLessThanOrEqual(50);
  });

  it('a result without the item array is an error, "method not found" is not', async () => {
    const missing = await listAllTools(await clientFor(() => ({ nope: [] })), 2000, 10);
    expect(missing.error).toMatch(/no tools array/);
    const none = await listAllTools(
      await clientFor(() => {
        throw { code: -32601, message: 'Method not found' };
      }),
      2000,
      10,
    );
    expect(none.error).toBeUndefined();
    expect(none.notImplemented).toBe(true);
  });
});
