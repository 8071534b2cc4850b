// Tests for report.schema.json: its enums match the domain's unions, and it rejects reports with
// missing or mistyped fields (the positive case, the sample report, is in render-json.test.ts).
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  PHASES,
  SEVERITIES,
  type CallOutcome,
  type DefinitionDrift,
  type InputKind,
  type ListingTrigger,
  type MetadataSource,
  type StreamKind,
  type SurfaceObservations,
} from '../src/domain/types.js';
import { renderJson } from './render-json.js';
import schema from './report.schema.json' with { type: 'json' };
import { sampleReport } from './sample-report.js';

const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

/** The sample report as parsed report.json, to break on purpose. */
function parsed(): Record<string, unknown> {
  return JSON.parse(renderJson(sampleReport())) as Record<string, unknown>;
}

/** Every member of a string union, checked both ways at compile time. */
function members<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never),
  ): readonly string[] => list;
}

/** The schema's enums and the domain's unions they must match. */
const ENUMS: [string, readonly string[]][] = [
  ['phase', PHASES],
  ['severity', SEVERITIES],
  [
    'callOutcome',
    members<CallOutcome>()(['ok', 'tool-error', 'protocol-error', 'timeout', 'crash']),
  ],
  ['inputKind', members<InputKind>()(['minimal', 'realistic', 'boundary', 'sensitive'])],
  [
    'listingTrigger',
    members<ListingTrigger>()(['initial', 'round', 'list_changed', 'second-launch', 'restart']),
  ],
  [
    'metadataSource',
    members<MetadataSource>()([
      'instructions',
      'tool-title',
      'tool-description',
      'param-description',
      'prompt-description',
      'prompt-message',
      'resource-description',
      'resource-content',
      'tool-result',
      'server-request',
    ]),
  ],
];

describe('report.schema.json enums', () => {
  const defs = schema.$defs as unknown as Record<string, { enum?: unknown[] }>;
  for (const [name, values] of ENUMS) {
    it(`${name} lists exactly the domain's values`, () => {
      expect([...(defs[name]?.enum ?? [])].sort()).toEqual([...values].sort());
    });
  }

  it('drift kinds, transports and stream kinds match the domain', () => {
    const props = (def: string, key: string): unknown[] =>
      [
        ...(((
          schema.$defs as unknown as Record<
            string,
            { properties: Record<string, { enum: unknown[] }> }
          >
        )[def]?.properties[key]?.enum ?? []) as unknown[]),
      ].sort();
    const kinds = members<DefinitionDrift['kind']>()([
      'tool-changed',
      'tool-added',
      'tool-removed',
      'instructions-changed',
    ]);
    const transports = members<SurfaceObservations['transport']>()([
      'stdio',
      'streamable-http',
      'sse',
    ]);
    const streams = members<StreamKind>()(['http', 'tls', 'raw', 'smtp', 'dns', 'no-data']);
    expect(props('definitionDrift', 'kind')).toEqual([...kinds].sort());
    expect(props('surface', 'transport')).toEqual([...transports].sort());
    expect(props('connection', 'streamKind')).toEqual([...streams].sort());
  });
});

/** The behaviour object of a parsed report. */
function behaviour(doc: Record<string, unknown>): Record<string, unknown> {
  return doc.behaviour as Record<string, unknown>;
}

/** The first item of one of behaviour's lists. */
function firstOf(doc: Record<string, unknown>, list: string): Record<string, unknown> {
  return (behaviour(doc)[list] as Record<string, unknown>[])[0] ?? {};
}

/** The surface object of a parsed report. */
function surface(doc: Record<string, unknown>): Record<string, unknown> {
  return doc.surface as Record<string, unknown>;
}

/** The first item of one of surface's lists. */
function surfaceFirst(doc: Record<string, unknown>, list: string): Record<string, unknown> {
  return (surface(doc)[list] as Record<string, unknown>[])[0] ?? {};
}

/** The first call of the first tool. */
function firstCall(doc: Record<string, unknown>): Record<string, unknown> {
  return (doc.tools as { calls: Record<string, unknown>[] }[])[0]?.calls[0] ?? {};
}

/** The evidence of the first finding. */
function firstEvidence(doc: Record<string, unknown>): Record<string, unknown> {
  return ((doc.findings as { evidence: Record<string, unknown> }[])[0] ?? { evidence: {} })
    .evidence;
}

describe('report.schema.json rejects broken reports', () => {
  /** Apply a change to a valid report and expect validation to fail. */
  function rejects(change: (doc: Record<string, unknown>) => void): void {
    const doc = parsed();
    change(doc);
    expect(validate(doc)).toBe(false);
  }

  it('missing verdict', () => rejects((d) => delete d.verdict));
  it('unknown verdict', () => rejects((d) => (d.verdict = 'fine')));
  it('wrong schemaVersion', () => rejects((d) => (d.schemaVersion = 2)));
  it('target without version', () =>
    rejects((d) => delete (d.target as Record<string, unknown>).version));
  it('finding without rule', () =>
    rejects((d) => delete ((d.findings as Record<string, unknown>[])[0] ?? {}).rule));
  it('finding with unknown severity', () =>
    rejects((d) => (((d.findings as Record<string, unknown>[])[0] ?? {}).severity = 'severe')));
  it('finding without evidence', () =>
    rejects((d) => delete ((d.findings as Record<string, unknown>[])[0] ?? {}).evidence));
  it('network without tlsFailures', () =>
    rejects((d) => delete (d.network as Record<string, unknown>).tlsFailures));
  it('tool without definition', () =>
    rejects((d) => delete ((d.tools as Record<string, unknown>[])[0] ?? {}).definition));
  it('call without durationMs', () =>
    rejects((d) => {
      const tool = (d.tools as { calls: Record<string, unknown>[] }[])[0];
      delete tool?.calls[0]?.durationMs;
    }));
  it('call with an unknown outcome', () =>
    rejects((d) => {
      const call = (d.tools as { calls: Record<string, unknown>[] }[])[0]?.calls[0];
      if (call) call.outcome = 'fine';
    }));
  it('summary without a severity', () =>
    rejects((d) => delete (d.summary as Record<string, unknown>).critical));
  it('missing coverage', () => rejects((d) => delete d.coverage));
  it('coverage without its statement', () =>
    rejects((d) => delete (d.coverage as Record<string, unknown>).statement));
  it('coverage with a negative toolsWithResult', () =>
    rejects((d) => ((d.coverage as Record<string, unknown>).toolsWithResult = -1)));
  it('coverage per tool without the tool name', () =>
    rejects((d) => delete (d.coverage as { perTool: Record<string, unknown>[] }).perTool[0]?.tool));
  it('coverage totals without timeouts', () =>
    rejects((d) => delete (d.coverage as { totals: Record<string, unknown> }).totals.timeouts));
  it('coverage gate with a minimum above 1', () =>
    rejects((d) => ((d.coverage as { gate: Record<string, unknown> }).gate.minimum = 80)));
  it('missing timeline', () => rejects((d) => delete d.timeline));
  it('missing timings', () => rejects((d) => delete d.timings));

  it('missing behaviour', () => rejects((d) => delete d.behaviour));
  for (const k of ['canaries', 'exfil', 'taint', 'files', 'processes', 'processTracing']) {
    it(`behaviour without ${k}`, () => rejects((d) => delete behaviour(d)[k]));
  }
  it('processTracing without available', () =>
    rejects((d) => delete (behaviour(d).processTracing as Record<string, unknown>).available));
  it('canary without preview', () => rejects((d) => delete firstOf(d, 'canaries').preview));
  it('exfil without chain', () => rejects((d) => delete firstOf(d, 'exfil').chain));
  it('exfil without phase', () => rejects((d) => delete firstOf(d, 'exfil').phase));
  it('exfil with an unknown channel', () =>
    rejects((d) => (firstOf(d, 'exfil').channel = 'carrier-pigeon')));
  it('exfil with a chain that is not a list of strings', () =>
    rejects((d) => (firstOf(d, 'exfil').chain = 'base64 > gzip')));
  it('taint without field', () => rejects((d) => delete firstOf(d, 'taint').field));
  it('taint with an unknown kind', () => rejects((d) => (firstOf(d, 'taint').kind = 'ssn')));
  it('file with an unknown change', () => rejects((d) => (firstOf(d, 'files').change = 'renamed')));
  it('file with a negative size', () => rejects((d) => (firstOf(d, 'files').size = -1)));
  it('process without cmdline', () => rejects((d) => delete firstOf(d, 'processes').cmdline));
  it('process with an unknown root', () => rejects((d) => (firstOf(d, 'processes').root = 'cron')));
  it('process with a fractional pid', () => rejects((d) => (firstOf(d, 'processes').pid = 1.5)));
  it('missing surface', () => rejects((d) => delete d.surface));
  it('missing restarts', () => rejects((d) => delete d.restarts));
  for (const k of [
    'transport',
    'instructions',
    'capabilities',
    'resources',
    'resourceTemplates',
    'prompts',
    'completions',
    'notifications',
    'notificationCounts',
    'serverRequests',
    'listings',
    'drift',
    'secondLaunch',
    'metadata',
  ]) {
    it(`surface without ${k}`, () => rejects((d) => delete surface(d)[k]));
  }
  it('unknown transport', () => rejects((d) => (surface(d).transport = 'carrier-pigeon')));
  it('drift with an unknown kind', () =>
    rejects((d) => (surfaceFirst(d, 'drift').kind = 'tool-renamed')));
  it('drift without before', () => rejects((d) => delete surfaceFirst(d, 'drift').before));
  it('drift with fields that are not a list', () =>
    rejects((d) => (surfaceFirst(d, 'drift').fields = 'description')));
  it('listing with an unknown trigger', () =>
    rejects((d) => (surfaceFirst(d, 'listings').trigger = 'cron')));
  it('listing with a negative tool count', () =>
    rejects((d) => (surfaceFirst(d, 'listings').tools = -1)));
  it('resource read with an unknown outcome', () =>
    rejects((d) => {
      const read = surfaceFirst(d, 'resources').read as Record<string, unknown>;
      read.outcome = 'fine';
    }));
  it('prompt get with an argument that is not a string', () =>
    rejects((d) => {
      const gets = surfaceFirst(d, 'prompts').gets as { arguments: Record<string, unknown> }[];
      if (gets[0]) gets[0].arguments.to = 7;
    }));
  it('server request without our answer', () =>
    rejects((d) => delete surfaceFirst(d, 'serverRequests').answer));
  it('notification count that is negative', () =>
    rejects((d) => (surface(d).notificationCounts = { 'notifications/message': -1 })));
  it('metadata text with an unknown source', () =>
    rejects((d) => (surfaceFirst(d, 'metadata').source = 'readme')));
  it('second launch without done', () =>
    rejects((d) => delete (surface(d).secondLaunch as Record<string, unknown>).done));
  it('restart without cause', () =>
    rejects((d) => delete ((d.restarts as Record<string, unknown>[])[0] ?? {}).cause));
  it('call with an unknown inputKind', () => rejects((d) => (firstCall(d).inputKind = 'fuzzed')));
  it('call with a fractional round', () => rejects((d) => (firstCall(d).round = 0.5)));
  it('call with argsValid that is not a boolean', () =>
    rejects((d) => (firstCall(d).argsValid = 'yes')));
  for (const k of [
    'canary',
    'encoding',
    'channel',
    'path',
    'value',
    'field',
    'cmdline',
    'before',
    'after',
    'source',
    'text',
  ]) {
    it(`evidence ${k} that is not a string`, () => rejects((d) => (firstEvidence(d)[k] = 7)));
  }
});
