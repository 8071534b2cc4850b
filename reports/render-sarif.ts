// Renders a Report as a SARIF 2.1.0 log that GitHub code scanning accepts: one run whose driver
// lists every rule of the catalog (with GitHub's security-severity), one result per finding at a
// physical location (the analysed package's manifest by default, or the client config a scan
// read: code scanning needs a file), and fingerprints that stay the same across runs of the same
// package (sarif-fingerprint.ts). Text from the sandbox is bounded and made visible
// (sarif-text.ts). Pure: the caller writes the file.
import { RULES, type RuleInfo } from '../src/rules/catalog.js';
import type { Evidence, Finding, Report, Severity } from '../src/domain/types.js';
import { FINGERPRINT_KEY, fingerprint } from './sarif-fingerprint.js';
import { MAX_TEXT, markdownText, messageText, pascalCase, safeText } from './sarif-text.js';
import type {
  SarifLevel,
  SarifLocation,
  SarifLog,
  SarifReportingDescriptor,
  SarifResult,
} from './sarif-types.js';

export type { SarifLog } from './sarif-types.js';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/mcp-airlock/mcp-airlock';

/** Results kept per log (code scanning shows at most 5,000 a run); the rest are counted. */
export const MAX_RESULTS = 5000;
/** Tools named per result. */
const MAX_TOOLS = 50;

export interface SarifOptions {
  /** Repository-relative file the results point at; default `package.json` (the manifest). */
  artifactUri?: string;
}

/** SARIF level of a severity: critical/high error, medium warning, low/info note. */
export const LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub's security-severity (a number as a string): critical > 9, high 7-8.9, and so on. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

const levelOf = (s: Severity): SarifLevel => LEVEL[s] ?? 'warning';

/** One catalog rule as a reportingDescriptor. */
function ruleDescriptor(info: RuleInfo): SarifReportingDescriptor {
  const why = (info as { why?: string }).why ?? info.summary;
  const family = info.id.split('/')[0] ?? info.id;
  return {
    id: info.id,
    name: pascalCase(info.id),
    shortDescription: { text: info.summary },
    fullDescription: { text: `${info.summary} ${why === info.summary ? '' : why}`.trim() },
    help: {
      text: `${info.summary}\n\nWhy it matters: ${why}\n\nWhat it cannot see: ${info.limits}`,
      markdown: [
        markdownText(info.summary),
        `**Why it matters.** ${markdownText(why)}`,
        `**What it cannot see.** ${markdownText(info.limits)}`,
      ].join('\n\n'),
    },
    helpUri: INFORMATION_URI,
    defaultConfiguration: { level: levelOf(info.severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[info.severity],
      tags: ['security', family],
    },
  };
}

/** A rule a finding names that this catalog does not have (an older or newer report). */
function unknownDescriptor(id: string, severity: Severity): SarifReportingDescriptor {
  const text = `Findings of rule ${id}, which this version of mcp-airlock does not describe.`;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text },
    fullDescription: { text },
    help: { text, markdown: markdownText(text) },
    defaultConfiguration: { level: levelOf(severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[severity],
      tags: ['security', id.split('/')[0] ?? id],
    },
  };
}

/** The evidence a reader needs in the message, in order of use. */
const KEY_EVIDENCE: [keyof Evidence, string][] = [
  ['host', 'host'],
  ['canary', 'canary'],
  ['path', 'path'],
  ['cmdline', 'command'],
  ['value', 'value'],
  ['source', 'source'],
];

/** The finding's title and its key evidence, bounded, brackets escaped. */
function messageOf(f: Finding): string {
  const title = safeText(f.title, 500);
  const facts = KEY_EVIDENCE.flatMap(([k, label]) => {
    const v = f.evidence[k];
    if (v === undefined || v === '') return [];
    const shown = safeText(String(v), 300);
    // a title that already quotes it in full needs no repeat (shell titles quote the command)
    return title.includes(shown) ? [] : [`${label}: ${shown}`];
  });
  if (f.evidence.host === undefined && f.evidence.ip !== undefined) {
    facts.unshift(`address: ${safeText(f.evidence.ip, 100)}`);
  }
  const text = facts.length > 0 ? `${title} (${facts.join('; ')})` : title;
  // escaped before the final bound, so escaping cannot grow the text past it
  const bounded = safeText(messageText(text), MAX_TEXT);
  return /[.!?)]$/.test(bounded) ? bounded : `${bounded}.`;
}

/** Evidence for the property bag: strings bounded and made visible, numbers as they are. */
function boundedEvidence(e: Evidence): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e)) {
    if (typeof v === 'number') out[k] = v;
    else if (typeof v === 'string') out[k] = safeText(v, MAX_TEXT);
  }
  return out;
}

/** `name@version`, bounded, for logical locations. */
function packageLabel(report: Report): { name: string; label: string } {
  const name = safeText(report.target.name, 214);
  return { name, label: `${name}@${safeText(report.target.version, 100)}` };
}

/** The artifact URI: slashes forward, percent-encoded where a URI needs it. */
function artifactUri(uri: string | undefined): string {
  const raw = uri === undefined || uri.trim() === '' ? 'package.json' : uri;
  return encodeURI(raw.replace(/\\/g, '/')).replace(/%25([0-9A-Fa-f]{2})/g, '%$1');
}

/** The SARIF log of a report, as a plain object. */
export function sarifLog(report: Report, opts: SarifOptions = {}): SarifLog {
  const rules = Object.values(RULES).map((r) => ruleDescriptor(r));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const kept = report.findings.slice(0, MAX_RESULTS);
  for (const f of kept) {
    if (index.has(f.rule)) continue;
    index.set(f.rule, rules.length);
    rules.push(unknownDescriptor(safeText(f.rule, 200), f.severity));
  }
  const pkg = packageLabel(report);
  const uri = artifactUri(opts.artifactUri);
  const seen = new Map<string, number>();
  const results = kept.map((f): SarifResult => {
    // two incidents that normalise alike still get two alerts: the repeat is numbered
    let fp = fingerprint(f, report.target.name);
    const n = (seen.get(fp) ?? 0) + 1;
    seen.set(fp, n);
    if (n > 1) fp = `${fp}:${n}`;
    const location: SarifLocation = {
      physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
      logicalLocations: [
        { name: pkg.label, fullyQualifiedName: pkg.label, kind: 'module' },
        ...(f.tool === undefined
          ? []
          : [
              {
                name: safeText(f.tool, 200),
                fullyQualifiedName: `${pkg.name}/${safeText(f.tool, 200)}`,
                kind: 'function',
              },
            ]),
      ],
    };
    const tools = (f.tools ?? (f.tool === undefined ? [] : [f.tool])).slice(0, MAX_TOOLS);
    return {
      ruleId: rules[index.get(f.rule) ?? 0]?.id ?? 'unknown',
      ruleIndex: index.get(f.rule) ?? 0,
      level: levelOf(f.severity),
      message: { text: messageOf(f) },
      locations: [location],
      partialFingerprints: { [FINGERPRINT_KEY]: fp },
      fingerprints: { [FINGERPRINT_KEY]: fp },
      properties: {
        severity: f.severity,
        phase: f.phase,
        tools: tools.map((t) => safeText(t, 200)),
        evidence: boundedEvidence(f.evidence),
      },
    };
  });
  const started = Date.parse(report.startedAt);
  const name = report.target.name.replace(/[^A-Za-z0-9@._/-]/g, '_').slice(0, 214);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mcp-airlock',
            version: safeText(report.tool.version, 100),
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(Number.isFinite(started) ? { startTimeUtc: new Date(started).toISOString() } : {}),
            properties: { runId: safeText(report.runId, 200), seed: report.seed },
          },
        ],
        automationDetails: { id: `mcp-airlock/${name}/` },
        results,
        properties: {
          verdict: report.verdict,
          coverage: safeText(report.coverage?.statement),
          summary: report.summary,
          package: {
            name: pkg.name,
            version: safeText(report.target.version, 100),
            spec: safeText(report.target.spec, 300),
            ...(report.package?.integrity
              ? { integrity: safeText(report.package.integrity, 200) }
              : {}),
          },
          ...(report.findings.length > kept.length
            ? { resultsOmitted: report.findings.length - kept.length }
            : {}),
        },
      },
    ],
  };
}

/** The SARIF log as JSON text (2-space indentation, trailing newline). */
export function renderSarif(report: Report, opts: SarifOptions = {}): string {
  return `${JSON.stringify(sarifLog(report, opts), null, 2)}\n`;
}
