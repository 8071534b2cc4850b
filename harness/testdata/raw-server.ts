// Test support: a hand-written JSON-RPC MCP server over the SDK's in-memory transport, for
// answers the SDK's own McpServer would never send (malformed definitions, bad pages, errors).
// `answer` returns the result for a method (or throws { code, message } for an error reply).
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export type Answer = (method: string, params: Record<string, unknown>) => unknown;

export interface RpcError {
  code: number;
  message: string;
}

/** The client end of a linked pair whose server end answers with `answer`. */
export async function rawServer(answer: Answer): Promise<InMemoryTransport> {
  const [client, server] = InMemoryTransport.createLinkedPair();
  server.onmessage = (m: JSONRPCMessage) => {
    const msg = m as { id?: number | string; method?: string; params?: Record<string, unknown> };
    if (msg.id === undefined || !msg.method) return;
    let reply: JSONRPCMessage;
    try {
      const result =
        msg.method === 'initialize'
          ? {
              protocolVersion: String(msg.params?.['protocolVersion'] ?? '2025-06-18'),
              capabilities: { tools: {} },
              serverInfo: { name: 'raw', version: '1.0.0' },
            }
          : answer(msg.method, msg.params ?? {});
      reply = { jsonrpc: '2.0', id: msg.id, result } as JSONRPCMessage;
    } catch (e) {
      const err = e as RpcError;
      reply = {
        jsonrpc: '2.0',
        id: msg.id,
        error: { code: err.code ?? -32603, message: err.message ?? 'error' },
      } as JSONRPCMessage;
    }
    void server.send(reply);
  };
  await server.start();
  return client;
}
