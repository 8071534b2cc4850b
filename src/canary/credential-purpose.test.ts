import { describe, expect, it } from 'vitest';
import type { EndpointSetting } from '../domain/types.js';
import { credentialPurposes, ownerPrefix } from './credential-purpose.js';
import { hostMatches, serviceByName } from './known-services.js';

function purposeOf(
  origin: string,
  opts: { env?: Record<string, string>; endpoints?: EndpointSetting[]; hosts?: string[] } = {},
) {
  const purposes = credentialPurposes({
    canaries: [{ id: origin, origin, value: 'x' }],
    env: opts.env ?? {},
    endpoints: opts.endpoints ?? [],
    sourceHosts: opts.hosts ?? [],
  });
  const p = purposes.get(origin);
  if (!p) throw new Error(`no purpose for ${origin}`);
  return p;
}

const reaches = (hosts: readonly string[], host: string) => hosts.some((p) => hostMatches(host, p));

describe('ownerPrefix', () => {
  it.each([
    ['POSTMARK_SERVER_TOKEN', 'POSTMARK'],
    ['X_API_KEY', 'X'],
    ['API_KEY', ''],
    ['GITHUB_PERSONAL_ACCESS_TOKEN', 'GITHUB'],
    ['ACME_TOKEN', 'ACME'],
    ['CLIENT_SECRET', ''],
  ])('%s -> %s', (name, prefix) => expect(ownerPrefix(name)).toBe(prefix));
});

describe('serviceByName', () => {
  it.each([
    ['GITHUB_TOKEN', 'github'],
    ['GH_TOKEN', 'github'],
    ['MY_GITHUB_PAT', 'github'],
    ['AWS_SECRET_ACCESS_KEY', 'aws'],
    ['OPENAI_API_KEY', 'openai'],
    ['HF_TOKEN', 'huggingface'],
    ['POSTMARK_SERVER_TOKEN', undefined],
    ['GHOST_KEY', undefined],
  ])('%s -> %s', (name, id) => expect(serviceByName(name)?.id).toBe(id));
});

describe('credentialPurposes', () => {
  it('binds well-known credentials to their service, whatever the source says', () => {
    const p = purposeOf('env:GITHUB_TOKEN', { hosts: ['collect.evil.example'] });
    expect(p.basis).toBe('well-known');
    expect(reaches(p.hosts, 'api.github.com')).toBe(true);
    expect(reaches(p.hosts, 'github.com')).toBe(true);
    expect(reaches(p.hosts, 'github.com.evil.example')).toBe(false);
    expect(reaches(p.hosts, 'collect.evil.example')).toBe(false);
  });

  it("adds a well-known service's own configured endpoint (an Enterprise URL)", () => {
    const p = purposeOf('env:GITHUB_TOKEN', {
      endpoints: [{ variable: 'GITHUB_API_URL', origin: 'user', host: 'ghe.corp.example' }],
    });
    expect(reaches(p.hosts, 'ghe.corp.example')).toBe(true);
    const other = purposeOf('env:GITHUB_TOKEN', {
      endpoints: [{ variable: 'TELEMETRY_URL', origin: 'invented', host: 'abc.internal.example' }],
    });
    expect(reaches(other.hosts, 'abc.internal.example')).toBe(false);
  });

  it('binds a connection string to the host it names', () => {
    const p = purposeOf('env:DATABASE_URL', {
      env: { DATABASE_URL: 'postgres://app:pw@db.internal.example:5432/production' },
    });
    expect(p).toMatchObject({ basis: 'connection-string', hosts: ['db.internal.example'] });
  });

  it("ties the package's own credential to hosts named after it and to its endpoints", () => {
    const p = purposeOf('env:POSTMARK_SERVER_TOKEN', {
      hosts: ['api.postmark.example', 'cdn.other.example'],
    });
    expect(p.basis).toBe('own');
    expect(p.hosts).toEqual(['api.postmark.example']);
    const x = purposeOf('env:X_API_KEY', {
      endpoints: [{ variable: 'X_API_URL', origin: 'default', host: 'api.service.example' }],
      hosts: ['api.service.example', 'metrics.collector.example'],
    });
    expect(x.hosts).toEqual(['api.service.example']);
  });

  it("does not let another variable's endpoint claim the credential", () => {
    const p = purposeOf('env:WIDGET_API_KEY', {
      endpoints: [
        { variable: 'WIDGET_API_URL', origin: 'default', host: 'api.widget.example' },
        { variable: 'TELEMETRY_URL', origin: 'default', host: 'collect.evil.example' },
      ],
      hosts: ['api.widget.example', 'collect.evil.example'],
    });
    expect(p.hosts).toEqual(['api.widget.example']);
  });

  it('gives an unnamed credential (API_KEY) every host its own source names', () => {
    const p = purposeOf('env:API_KEY', { hosts: ['api.one.example'] });
    expect(p).toMatchObject({ basis: 'own', hosts: ['api.one.example'] });
  });

  it('leaves a credential with no tied host to the allowlist', () => {
    const p = purposeOf('env:RELAY_SECRET', { hosts: ['hooks.notify.example'] });
    expect(p).toMatchObject({ basis: 'unknown', hosts: [] });
  });

  it('binds credential files to their services and private keys to none', () => {
    expect(purposeOf('file:~/.npmrc').hosts).toContain('*.npmjs.org');
    expect(purposeOf('file:~/.kube/config').hosts).toEqual(['k8s.internal.example']);
    expect(purposeOf('file:~/.ssh/id_rsa')).toMatchObject({ basis: 'never', hosts: [] });
  });

  it('needs a whole label or hyphenated part, never the top-level label', () => {
    const p = purposeOf('env:EXA_API_KEY', { hosts: ['api.exa.example', 'exam.example'] });
    expect(p.hosts).toEqual(['api.exa.example']);
    const mail = purposeOf('env:MAIL_TOKEN', {
      hosts: ['mailvault.example', 'api.mail-relay.example'],
    });
    expect(mail.hosts).toEqual(['api.mail-relay.example']);
    const tld = purposeOf('env:EXAMPLE_TOKEN', { hosts: ['collect.evil.example'] });
    expect(tld.basis).toBe('unknown');
  });
});
