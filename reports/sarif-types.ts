// The slice of SARIF 2.1.0 that render-sarif.ts writes, as plain interfaces (property names as in
// the OASIS schema, reports/schemas/sarif-schema-2.1.0.json, which the tests validate against).

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export interface SarifMessage {
  text: string;
  markdown?: string;
}

/** A property bag: anything serialisable. */
export type SarifProperties = Record<string, unknown>;

export interface SarifReportingDescriptor {
  id: string;
  name?: string;
  shortDescription?: SarifMessage;
  fullDescription?: SarifMessage;
  help?: SarifMessage;
  helpUri?: string;
  defaultConfiguration?: { level: SarifLevel; enabled?: boolean };
  properties?: SarifProperties & { tags?: string[]; 'security-severity'?: string };
}

export interface SarifToolComponent {
  name: string;
  version?: string;
  semanticVersion?: string;
  informationUri?: string;
  rules?: SarifReportingDescriptor[];
}

export interface SarifLogicalLocation {
  name?: string;
  fullyQualifiedName?: string;
  kind?: string;
}

export interface SarifLocation {
  physicalLocation?: {
    artifactLocation: { uri: string };
    region?: { startLine: number };
  };
  logicalLocations?: SarifLogicalLocation[];
}

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints?: Record<string, string>;
  fingerprints?: Record<string, string>;
  properties?: SarifProperties;
}

export interface SarifInvocation {
  executionSuccessful: boolean;
  startTimeUtc?: string;
  properties?: SarifProperties;
}

export interface SarifRun {
  tool: { driver: SarifToolComponent };
  invocations?: SarifInvocation[];
  automationDetails?: { id: string; description?: SarifMessage };
  results: SarifResult[];
  properties?: SarifProperties;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}
