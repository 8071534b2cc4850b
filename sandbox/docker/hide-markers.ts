// Removes Docker's /.dockerenv from a created (not yet started) container's init layer, so the
// commonest "am I in a container?" check sees an ordinary machine. Works only when this process
// can reach the engine's storage (root on the Docker host, overlay2); otherwise it says why and
// the run goes on with the marker present.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';

export async function removeDockerenv(container: Docker.Container): Promise<string | undefined> {
  try {
    const info = await container.inspect();
    const lower = String(
      (info.GraphDriver?.Data as Record<string, string> | undefined)?.['LowerDir'] ?? '',
    );
    const initLayer = lower.split(':').find((p) => p.endsWith('-init/diff'));
    if (!initLayer)
      return 'could not hide /.dockerenv: no init layer found (storage driver is not overlay2)';
    const marker = join(initLayer, '.dockerenv');
    if (!existsSync(initLayer))
      return 'could not hide /.dockerenv: the engine storage is not on this host';
    rmSync(marker, { force: true });
    return undefined;
  } catch (e) {
    return `could not hide /.dockerenv: ${e instanceof Error ? e.message : String(e)}`;
  }
}
