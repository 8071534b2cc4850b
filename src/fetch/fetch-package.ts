// The fetch phase, on the host and the only step that touches a registry: turns the target into
// a staged project folder (package.json depending on the package's tarball, node_modules
// installed with scripts disabled). Nothing of the package runs here.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { execa } from 'execa';
import { AnalyzerError } from '../domain/errors.js';
import type { TargetSpec } from '../domain/types.js';
import { type PackageManifest, readManifest } from './package-entry.js';

export interface StagedPackage {
  projectDir: string;
  manifest: PackageManifest;
  /** Entry path relative to the project folder. */
  entryInProject: string;
}

const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts'];

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const err = lines.find((l) => /npm error (code|404)|E404|ENOTFOUND|ETARGET/.test(l));
  return (err ?? lines[lines.length - 1] ?? 'unknown error').slice(0, 300);
}

/** npm pack a folder or registry spec into dir, scripts disabled; returns the tarball path. */
async function npmPack(what: string, dir: string, timeoutMs: number): Promise<string> {
  const r = await execa('npm', ['pack', what, '--json', '--pack-destination', dir, ...NPM_QUIET], {
    reject: false,
    timeout: timeoutMs,
    cwd: dir,
  });
  if (r.exitCode !== 0) {
    const output = `${r.stderr}\n${r.stdout}`;
    if (/E404|404 Not Found/.test(output))
      throw new AnalyzerError('fetch-failed', `package not found in the npm registry: ${what}`);
    throw new AnalyzerError('fetch-failed', `cannot fetch ${what}: ${lastLine(output)}`);
  }
  const info = JSON.parse(r.stdout) as { filename?: string }[];
  const file = info[0]?.filename;
  if (!file) throw new AnalyzerError('fetch-failed', `npm pack ${what} produced no tarball`);
  return join(dir, basename(file));
}

/** Read package/package.json out of a tarball without unpacking anything else. */
async function manifestOf(tgz: string, shownAs: string): Promise<PackageManifest> {
  const r = await execa('tar', ['-xzOf', tgz, 'package/package.json'], {
    reject: false,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  if (r.exitCode !== 0)
    throw new AnalyzerError('fetch-failed', `not a valid npm package tarball: ${shownAs}`);
  try {
    return readManifest(r.stdout);
  } catch (e) {
    throw new AnalyzerError(
      'fetch-failed',
      `bad package.json in ${shownAs}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Stage the target under runDir/project; throws AnalyzerError('fetch-failed') on bad input. */
export async function fetchPackage(
  target: TargetSpec,
  runDir: string,
  timeoutMs = 300_000,
): Promise<StagedPackage> {
  const packDir = join(runDir, 'pack');
  mkdirSync(packDir, { recursive: true });
  let tgz: string;
  if (target.kind === 'tarball') {
    tgz = join(packDir, 'package.tgz');
    copyFileSync(resolve(target.path), tgz);
  } else {
    tgz = await npmPack(
      target.kind === 'folder' ? resolve(target.path) : target.spec,
      packDir,
      timeoutMs,
    );
  }
  const manifest = await manifestOf(tgz, target.kind === 'npm' ? target.spec : target.path);
  const projectDir = join(runDir, 'project');
  mkdirSync(join(projectDir, '.pkg'), { recursive: true });
  copyFileSync(tgz, join(projectDir, '.pkg', 'package.tgz'));
  writeFileSync(
    join(projectDir, 'package.json'),
    JSON.stringify(
      {
        name: 'workspace',
        version: '1.0.0',
        private: true,
        dependencies: { [manifest.name]: 'file:.pkg/package.tgz' },
      },
      null,
      2,
    ),
  );
  const r = await execa(
    'npm',
    ['install', '--omit=dev', '--prefer-offline', '--install-links', ...NPM_QUIET],
    {
      cwd: projectDir,
      reject: false,
      timeout: timeoutMs,
    },
  );
  if (r.exitCode !== 0) {
    throw new AnalyzerError(
      'fetch-failed',
      `cannot install ${manifest.name}: ${lastLine(`${r.stderr}\n${r.stdout}`)}`,
    );
  }
  const installed = join(projectDir, 'node_modules', manifest.name, 'package.json');
  try {
    readFileSync(installed);
  } catch {
    throw new AnalyzerError(
      'fetch-failed',
      `${manifest.name} did not install into the staging project`,
    );
  }
  return {
    projectDir,
    manifest,
    entryInProject: join('node_modules', manifest.name, manifest.entry),
  };
}
