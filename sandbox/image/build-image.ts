// Builds the sandbox image when its tag is missing: assembles the build context (Node 22 and
// npm from the npm registry, compiled netsim with its dependencies, gateway-init.sh, the
// compiled fetch driver and the target's launcher) and runs
// the Dockerfile through the engine. Idempotent: a present tag returns at once.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import * as tarFs from 'tar-fs';
import { AnalyzerError } from '../../src/domain/errors.js';
import { projectRoot } from '../../src/util/project-root.js';
import { ensureInstallCa, installCaDir } from './install-ca.js';
import {
  BASE_IMAGE_DEFAULT,
  IMAGE_REPO,
  type ImageInputs,
  imageTagFor,
  NODE_PACKAGE,
  NPM_PACKAGE,
} from './image-tag.js';

const NETSIM_DEPENDENCIES = ['mockttp', 'dns-packet'];
/** The launcher (the target's process 1 in a Kubernetes Pod, LAUNCHER_SCRIPT) and its framing,
 * compiled; copied beside each other with a package.json saying they are ES modules. */
export const LAUNCHER_FILES = ['launch.js', 'launch-frames.js'];

/** Read what the image is made of from the project tree (compiled netsim must exist) and the
 * installation CA (made on first use). */
export async function readImageInputs(baseImage = BASE_IMAGE_DEFAULT): Promise<ImageInputs> {
  const root = projectRoot();
  const netsimDist = join(root, 'dist', 'sandbox', 'netsim');
  if (!existsSync(netsimDist)) {
    throw new AnalyzerError(
      'image-missing',
      `compiled netsim not found at ${netsimDist}: run npm run build`,
    );
  }
  const netsimFiles: Record<string, string> = {};
  for (const name of readdirSync(netsimDist)) {
    if (name.endsWith('.js') && !name.includes('.test.'))
      netsimFiles[name] = readFileSync(join(netsimDist, name), 'utf8');
  }
  netsimFiles['gateway-init.sh'] = readFileSync(
    join(root, 'sandbox', 'netsim', 'gateway-init.sh'),
    'utf8',
  );
  const netsimDependencies: Record<string, string> = {};
  for (const dep of NETSIM_DEPENDENCIES) {
    const pkg = JSON.parse(
      readFileSync(join(root, 'node_modules', dep, 'package.json'), 'utf8'),
    ) as { version: string };
    netsimDependencies[dep] = pkg.version;
  }
  const fetchBox = join(root, 'dist', 'sandbox', 'fetch', 'fetch-box.js');
  if (!existsSync(fetchBox))
    throw new AnalyzerError(
      'image-missing',
      `compiled fetch box not found at ${fetchBox}: run npm run build`,
    );
  const launcherFiles: Record<string, string> = {};
  for (const name of LAUNCHER_FILES) {
    const file = join(root, 'dist', 'sandbox', 'image', name);
    if (!existsSync(file))
      throw new AnalyzerError(
        'image-missing',
        `compiled launcher not found at ${file}: run npm run build`,
      );
    launcherFiles[name] = readFileSync(file, 'utf8');
  }
  const ca = await ensureInstallCa(installCaDir());
  return {
    dockerfile: readFileSync(join(root, 'Dockerfile.sandbox'), 'utf8'),
    baseImage,
    netsimFiles,
    netsimDependencies,
    initSource: readFileSync(join(root, 'sandbox', 'image', 'init.c'), 'utf8'),
    fetchBox: readFileSync(fetchBox, 'utf8'),
    caCert: ca.certPem,
    launcherFiles,
  };
}

async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

/** `npm pack` a registry package into the cache once and unpack it; returns its folder. */
async function cachedPackage(spec: string): Promise<string> {
  const cache = join(projectRoot(), '.airlock', 'cache', spec.replace(/[^a-z0-9@.-]/gi, '_'));
  const unpacked = join(cache, 'package');
  if (existsSync(join(unpacked, 'package.json'))) return unpacked;
  mkdirSync(cache, { recursive: true });
  const { stdout } = await execa('npm', [
    'pack',
    spec,
    '--ignore-scripts',
    '--json',
    '--pack-destination',
    cache,
  ]);
  const info = JSON.parse(stdout) as { filename: string }[];
  const file = info[0]?.filename;
  if (!file) throw new AnalyzerError('image-missing', `npm pack ${spec} returned nothing`);
  await execa('tar', ['-xzf', join(cache, file), '-C', cache]);
  return unpacked;
}

/** Assemble the build context folder; returns its path (caller removes it). */
async function assembleContext(inputs: ImageInputs): Promise<string> {
  const ctx = mkdtempSync(join(tmpdir(), 'mcp-airlock-image-'));
  writeFileSync(join(ctx, 'Dockerfile'), inputs.dockerfile);
  const node = await cachedPackage(NODE_PACKAGE);
  const npm = await cachedPackage(NPM_PACKAGE);
  mkdirSync(join(ctx, 'node', 'bin'), { recursive: true });
  cpSync(join(node, 'bin', 'node'), join(ctx, 'node', 'bin', 'node'));
  cpSync(npm, join(ctx, 'node', 'lib', 'node_modules', 'npm'), { recursive: true });
  mkdirSync(join(ctx, 'fetch'));
  writeFileSync(join(ctx, 'fetch', 'fetch-box.js'), inputs.fetchBox);
  writeFileSync(join(ctx, 'fetch', 'package.json'), '{"type":"module","private":true}\n');
  mkdirSync(join(ctx, 'launcher'));
  for (const [name, content] of Object.entries(inputs.launcherFiles))
    writeFileSync(join(ctx, 'launcher', name), content);
  writeFileSync(join(ctx, 'launcher', 'package.json'), '{"type":"module","private":true}\n');
  mkdirSync(join(ctx, 'ca'));
  writeFileSync(join(ctx, 'ca', 'corporate-root-ca.crt'), inputs.caCert);
  await compileInit(inputs.initSource, join(ctx, 'init'));
  const netsim = join(ctx, 'netsim');
  mkdirSync(netsim, { recursive: true });
  for (const [name, content] of Object.entries(inputs.netsimFiles))
    writeFileSync(join(netsim, name), content);
  writeFileSync(
    join(netsim, 'package.json'),
    JSON.stringify({
      name: 'netsim',
      private: true,
      type: 'module',
      dependencies: inputs.netsimDependencies,
    }),
  );
  await execa(
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    {
      cwd: netsim,
    },
  );
  return ctx;
}

/** Compile the target's process 1 (static, so it needs nothing from the image). */
async function compileInit(source: string, outDir: string): Promise<void> {
  mkdirSync(outDir);
  writeFileSync(join(outDir, 'init.c'), source);
  const r = await execa(
    'gcc',
    ['-static', '-Os', '-s', '-o', join(outDir, 'init'), join(outDir, 'init.c')],
    {
      reject: false,
    },
  ).catch((e: unknown) => ({ exitCode: 1, stderr: String(e) }));
  if (r.exitCode !== 0)
    throw new AnalyzerError(
      'image-missing',
      `cannot compile the sandbox init (gcc with static libc is needed; scripts/setup.sh installs it): ${String(r.stderr).slice(0, 300)}`,
    );
}

/** Make sure the sandbox image exists; build it if not. Returns the tag. */
export async function ensureImage(
  docker: Docker,
  opts: { baseImage?: string; log?: (line: string) => void; verbose?: (line: string) => void } = {},
): Promise<string> {
  const inputs = await readImageInputs(opts.baseImage);
  const tag = imageTagFor(inputs);
  if (await imageExists(docker, tag)) return tag;
  if (!(await imageExists(docker, inputs.baseImage))) {
    throw new AnalyzerError(
      'image-missing',
      `base image ${inputs.baseImage} is missing: run npm run setup`,
    );
  }
  opts.log?.(`building ${tag} from ${inputs.baseImage}`);
  const ctx = await assembleContext(inputs);
  try {
    const stream = await docker.buildImage(tarFs.pack(ctx) as unknown as NodeJS.ReadableStream, {
      t: tag,
      buildargs: { BASE_IMAGE: inputs.baseImage },
      rm: true,
      forcerm: true,
      networkmode: 'none',
      labels: { 'mcp-airlock.image': 'sandbox' },
    });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err, output: { errorDetail?: { message?: string }; error?: string }[]) => {
          const failed = output.find((o) => o.error || o.errorDetail);
          if (err || failed)
            reject(
              new AnalyzerError(
                'image-missing',
                `image build failed: ${String(err ?? failed?.error)}`,
              ),
            );
          else resolve();
        },
        (event: { stream?: string }) => {
          if (event.stream?.trim()) opts.verbose?.(event.stream.trim());
        },
      );
    });
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
  await removeOlderImages(docker, tag);
  return tag;
}

/** Remove earlier sandbox image tags (best effort: one still used by a live run stays). */
async function removeOlderImages(docker: Docker, keep: string): Promise<void> {
  const images = await docker.listImages({ filters: { reference: [`${IMAGE_REPO}`] } });
  for (const img of images) {
    const tags = (img.RepoTags ?? []).filter((t) => t.startsWith(`${IMAGE_REPO}:`) && t !== keep);
    for (const t of tags)
      await docker
        .getImage(t)
        .remove()
        .catch(() => undefined);
  }
}
