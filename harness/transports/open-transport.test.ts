import { PassThrough } from 'node:stream';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import type { AttachedProcess } from '../../sandbox/docker/pod.js';
import { DockerStdioTransport } from '../docker-stdio-transport.js';
import { openTransport, type PodNetwork } from './open-transport.js';

function fakeProc(exited: Promise<number | null> = new Promise(() => undefined)): AttachedProcess {
  return { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), exited };
}

/** A pod whose server starts listening on `ports` after `polls` looks, on a fake clock. */
function fakeNet(ports: number[], polls: number) {
  let t = 0;
  let looks = 0;
  const uids: number[] = [];
  const net: PodNetwork = {
    openTcp: () => Promise.reject(new Error('not used')),
    listeningPorts: async (uid) => {
      uids.push(uid);
      looks += 1;
      return looks > polls ? ports : [];
    },
  };
  const opts = {
    startupMs: 1000,
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
  };
  return { net, opts, uids, looks: () => looks };
}

describe('openTransport', () => {
  it('uses the process stdio for stdio servers', async () => {
    const { net, opts } = fakeNet([], 0);
    const r = await openTransport({ kind: 'stdio' }, fakeProc(), net, opts);
    expect(r.transport).toBeInstanceOf(DockerStdioTransport);
    expect(r.port).toBeUndefined();
  });

  it('waits for the lowest port of uid 1000 when none is given', async () => {
    const f = fakeNet([3000, 8080], 3);
    const r = await openTransport(
      { kind: 'streamable-http', path: 'mcp' },
      fakeProc(),
      f.net,
      f.opts,
    );
    expect(r.port).toBe(3000);
    expect(r.transport).toBeInstanceOf(StreamableHTTPClientTransport);
    expect(f.looks()).toBe(4);
    expect(new Set(f.uids)).toEqual(new Set([1000]));
  });

  it('waits for the given port only, for the given uid', async () => {
    const f = fakeNet([3000, 8080], 0);
    const r = await openTransport({ kind: 'sse', port: 8080, path: '/sse' }, fakeProc(), f.net, {
      ...f.opts,
      uid: 1234,
    });
    expect(r.port).toBe(8080);
    expect(r.transport.protocolVersion).toBeUndefined();
    r.transport.setProtocolVersion?.('2025-06-18');
    expect(r.transport.protocolVersion).toBe('2025-06-18');
    expect(f.uids).toEqual([1234]);
  });

  it('gives up after startupMs', async () => {
    const f = fakeNet([3000], 0);
    await expect(
      openTransport({ kind: 'sse', port: 9999, path: '/sse' }, fakeProc(), f.net, f.opts),
    ).rejects.toThrow(/did not listen on TCP port 9999 within 1000 ms/);
    expect(f.looks()).toBe(6);
  });

  it('fails fast when the server exits before listening', async () => {
    const f = fakeNet([], 0);
    const never = { ...f.opts, sleep: () => new Promise<void>(() => undefined) };
    await expect(
      openTransport(
        { kind: 'streamable-http', path: '/mcp' },
        fakeProc(Promise.resolve(3)),
        f.net,
        never,
      ),
    ).rejects.toThrow(/exited \(code 3\) before listening on any TCP port/);
  });
});
