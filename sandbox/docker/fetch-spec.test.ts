import { describe, expect, it } from 'vitest';
import { fetchSpec } from './fetch-spec.js';

const MOUNTS = { proxyDir: '/tmp/tmp.x/fetch', cacheDir: '/cache/npm' };

describe('fetchSpec', () => {
  const spec = fetchSpec(
    'r1',
    'img',
    { kind: 'npm', spec: 'pkg@1' },
    'https://registry.example/',
    MOUNTS,
  );
  const host = spec.HostConfig ?? {};

  it('has no network, no capabilities, a read-only root and runs as uid 1000', () => {
    expect(host.NetworkMode).toBe('none');
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd).toBeUndefined();
    expect(host.SecurityOpt).toEqual(['no-new-privileges']);
    expect(host.ReadonlyRootfs).toBe(true);
    expect(spec.User).toBe('1000:1000');
  });

  it('bounds what it may unpack and mounts only the proxy socket, the cache and the input', () => {
    expect(host.Tmpfs?.['/work']).toMatch(/size=1024m/);
    expect(host.Binds).toEqual(['/tmp/tmp.x/fetch:/run/fetch:ro', '/cache/npm:/cache']);
    expect(host.Mounts).toEqual([]);
    const folder = fetchSpec('r1', 'img', { kind: 'folder', path: '/src/a:b,c' }, 'r', MOUNTS);
    expect(folder.HostConfig?.Mounts).toEqual([
      { Type: 'bind', Source: '/src/a:b,c', Target: '/input', ReadOnly: true },
    ]);
    const tgz = fetchSpec('r1', 'img', { kind: 'tarball', path: '/src/p.tgz' }, 'r', MOUNTS);
    expect(tgz.HostConfig?.Mounts?.[0]).toMatchObject({
      Source: '/src/p.tgz',
      Target: '/input.tgz',
    });
  });

  it('passes the spec as data, never as shell text', () => {
    expect(spec.Cmd).toEqual(['/usr/local/bin/node', '/opt/fetch/fetch-box.js']);
    expect(spec.Env).toContain('FETCH_SPEC=pkg@1');
  });
});
