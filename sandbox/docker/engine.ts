// Connects to the Docker engine (DOCKER_HOST or the default socket) and proves it answers;
// a missing engine is our failure (exit 2), reported in one line.
import Docker from 'dockerode';
import { AnalyzerError } from '../../src/domain/errors.js';

/** A connected engine, or AnalyzerError('no-docker'). */
export async function connectDocker(timeoutMs = 5000): Promise<Docker> {
  const docker = new Docker();
  const timer = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  try {
    await Promise.race([docker.ping(), timer]);
  } catch (e) {
    throw new AnalyzerError(
      'no-docker',
      `no Docker engine answers (${e instanceof Error ? e.message : String(e)}); run npm run setup or start dockerd`,
    );
  }
  return docker;
}
