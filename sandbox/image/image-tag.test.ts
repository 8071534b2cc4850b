import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCHER_SCRIPT } from '../../src/k8s/pod-layout.js';
import { projectRoot } from '../../src/util/project-root.js';
import { LAUNCHER_FILES } from './build-image.js';
import { type ImageInputs, imageTagFor } from './image-tag.js';

const inputs: ImageInputs = {
  dockerfile: 'FROM x',
  baseImage: 'base',
  netsimFiles: { 'a.js': 'a' },
  netsimDependencies: { mockttp: '1' },
  initSource: 'int main(){}',
  caCert: 'cert',
  fetchBox: 'box',
  launcherFiles: { 'launch.js': 'one', 'launch-frames.js': 'two' },
};

describe('imageTagFor', () => {
  it('is stable for the same inputs and changes with the launcher', () => {
    expect(imageTagFor(inputs)).toMatch(/^mcp-airlock-sandbox:[0-9a-f]{12}$/);
    expect(imageTagFor({ ...inputs })).toBe(imageTagFor(inputs));
    const changed = { ...inputs, launcherFiles: { ...inputs.launcherFiles, 'launch.js': 'uno' } };
    expect(imageTagFor(changed)).not.toBe(imageTagFor(inputs));
  });
});

describe('the launcher in the image', () => {
  it('is copied to where the Pod runs it as the target process 1', () => {
    const dockerfile = readFileSync(join(projectRoot(), 'Dockerfile.sandbox'), 'utf8');
    expect(dockerfile).toContain(`COPY launcher/ ${dirname(LAUNCHER_SCRIPT)}/\n`);
    expect(LAUNCHER_FILES).toContain(basename(LAUNCHER_SCRIPT));
  });
});
