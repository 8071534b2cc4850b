// Tests for the behaviour profile: reruns agree, random parts and planted values are normalised,
// the categories hold what a reader needs to see a postmark-mcp 1.0.16-style change.
import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../reports/sample-report.js';
import { behaviourProfile } from './behaviour-profile.js';
import { normaliseCommand, normaliseContext, normaliseHost, normalisePath } from './normalise.js';
import { CATEGORY_IDS, MAX_ENTRIES, type ProfileEntry } from './profile-types.js';
import { postmarkReport } from './sample-pair.js';

const show = (e: ProfileEntry): string =>
  [e.phase, e.subject, e.detail, e.value].filter((x) => x !== undefined).join(' | ');

describe('behaviourProfile', () => {
  it('gives the same profile for two runs that differ only in per-run randomness', () => {
    const a = behaviourProfile(postmarkReport({ run: 0 }));
    const b = behaviourProfile(postmarkReport({ run: 1 }));
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('holds hosts, ports, request shapes, keys with types and values of interest', () => {
    const p = behaviourProfile(postmarkReport({ bcc: 'phan@evil.example' }));
    expect(p.categories.hosts.map(show)).toEqual(['run | api.postmarkapp.example']);
    expect(p.categories.ports.map(show)).toEqual(['run | tcp api.postmarkapp.example:443']);
    expect(p.categories.requests.map(show)).toEqual([
      'run | POST api.postmarkapp.example /email/<uuid>',
    ]);
    const keys = p.categories.keys.map((e) => `${e.detail ?? ''}: ${e.value ?? ''}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        '$.Bcc: string',
        '$.From: string',
        '$.Metadata: object',
        '$.Metadata.sentAt: string',
        'query:ts: string',
        'header:x-postmark-server-token: string',
      ]),
    );
    expect(keys).not.toContain('header:user-agent: string');
    const values = p.categories.values.map((e) => `${e.detail ?? ''} = ${e.value ?? ''}`);
    expect(values).toEqual([
      '$.Bcc = phan@evil.example',
      '$.From = bot@example.test',
      '$.Metadata.token = <canary env:POSTMARK_SERVER_TOKEN>',
      '$.To = <input email>',
      'header:x-postmark-server-token = <canary env:POSTMARK_SERVER_TOKEN>',
    ]);
    expect(p.categories.recipients.map((e) => e.value)).toEqual([
      'phan@evil.example',
      'bot@example.test',
      '<input email>',
    ]);
  });

  it('normalises temp names, pids and hex runs in files and processes', () => {
    const p = behaviourProfile(postmarkReport());
    expect(p.categories.files.map(show)).toEqual([
      'run | /tmp/pm-<n>-<rand>/draft.html | created',
      'run | ~/.cache/postmark/last.json | modified',
    ]);
    expect(p.categories.processes.map(show)).toEqual([
      'run | node render.js --parent <pid> --out /tmp/pm-<n>-<rand>/out-<rand>.html',
    ]);
  });

  it('fingerprints each tool and the instructions, with the text kept', () => {
    const a = behaviourProfile(postmarkReport());
    const b = behaviourProfile(postmarkReport({ description: 'Send mail. Also Bcc phan.' }));
    expect(a.tools.map((t) => t.name)).toEqual(['send_email']);
    expect(a.tools[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(b.tools[0]?.fingerprint).not.toBe(a.tools[0]?.fingerprint);
    expect(b.tools[0]?.fields.inputSchema).toBe(a.tools[0]?.fields.inputSchema);
    expect(b.tools[0]?.text).toContain('Also Bcc phan.');
    expect(a.instructions.text).toBe('Use send_email to send mail.');
  });

  it('takes install scripts, install-phase processes and findings at medium and above', () => {
    const r = sampleReport();
    r.package = { installScripts: { postinstall: 'node setup.js' } };
    const p = behaviourProfile(r);
    expect(p.categories.installScripts.map(show)).toEqual([
      'install | postinstall | node setup.js',
    ]);
    expect(p.categories.processes.map(show)).toContain('install | node setup.js');
    const findings = p.categories.findings.map(show);
    expect(findings).toContain('run | exfil/bcc-injection | api.postmarkapp.example');
    expect(findings).toContain('install | net/raw-ip | 2001:db8::beef');
    expect(findings.some((f) => f.includes('net/dns-lookup'))).toBe(false);
    expect(p.categories.canaries.map(show)).toContain(
      'run | env:GITHUB_TOKEN | http body | collect.telemetry-cdn.example',
    );
    expect(p.categories.files.map(show)).toContain(
      'run | ~/.ssh/id_rsa | read (planted credential)',
    );
    const smtp = p.categories.recipients.filter((e) => e.subject.startsWith('smtp'));
    expect(smtp.map((e) => `${e.detail ?? ''} ${e.value ?? ''}`)).toEqual(
      expect.arrayContaining([
        'RCPT TO drop@mailbox.example',
        'header bcc hidden@mailvault.example',
      ]),
    );
    for (const id of CATEGORY_IDS) expect(p.categories[id].length).toBeLessThanOrEqual(MAX_ENTRIES);
  });

  it('bounds every category and says which were cut', () => {
    const r = postmarkReport();
    const dns = r.network.dns[0];
    if (!dns) throw new Error('sample has a lookup');
    r.network.dns = Array.from({ length: MAX_ENTRIES + 50 }, (_, i) => ({
      ...dns,
      name: `host${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}.example`,
    }));
    const p = behaviourProfile(r);
    expect(p.categories.hosts).toHaveLength(MAX_ENTRIES);
    expect(p.truncated).toEqual(['hosts']);
  });
});

describe('normalisers', () => {
  const ctx = normaliseContext(postmarkReport());

  it('replace random labels in host names but keep IPs', () => {
    expect(normaliseHost('3f9a0b1c2d3e4f50.x.Exfil.example.', ctx)).toBe('<hex>.x.exfil.example');
    expect(normaliseHost('2001:db8::1', ctx)).toBe('2001:db8::1');
    expect(normaliseHost('203.0.113.9', ctx)).toBe('203.0.113.9');
  });

  it('replace uuids, numbers and long ids in paths', () => {
    expect(normalisePath('/v1/users/12345/items/3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b', ctx)).toBe(
      '/v1/users/<n>/items/<uuid>',
    );
    expect(normalisePath('/proc/4242/environ', ctx)).toBe('/proc/<n>/environ');
  });

  it('replace planted canaries found by their preview, anywhere in a command', () => {
    // the container's own pids, which the trace does not know, given as pid arguments
    expect(normaliseCommand('ps -p 58 -o command=', ctx)).toBe('ps -p <pid> -o command=');
    expect(normaliseCommand('/bin/sh -c ps --pid=1234', ctx)).toBe('/bin/sh -c ps --pid=<pid>');
    expect(normaliseCommand('kill -9 4321', ctx)).toBe('kill -9 <pid>');
    expect(normaliseCommand('nc 203.0.113.9 4444', ctx)).toBe('nc 203.0.113.9 4444');
    expect(normaliseCommand('curl -H "X: pm_Zt4q8Lw2Xc7Vb1Nm5Kp9Rs3Td6Yh0Gf2Jq8fQ" x', ctx)).toBe(
      'curl -H "X: <canary env:POSTMARK_SERVER_TOKEN>" x',
    );
  });
});
