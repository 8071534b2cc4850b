// File rules: persistence writes, other writes outside the working folder, and reads of planted
// credential files. Paths are HOME-relative (`~/…`). Limits are in catalog.ts.
import type { Finding, FileObservation } from '../domain/types.js';
import { RULES } from './catalog.js';
import { FindingSet } from './finding-set.js';

/** Places whose content runs or configures something later. */
export const PERSISTENCE_PATHS: readonly RegExp[] = [
  /^~\/\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv|zlogin|kshrc|cshrc|tcshrc)$/,
  /^~\/\.config\/fish\//,
  /^~\/\.config\/autostart\//,
  /^~\/\.config\/systemd\/user\//,
  /^~\/\.local\/share\/systemd\//,
  /^~\/\.ssh\/(authorized_keys2?|config|rc|environment)$/,
  /^~\/\.(gitconfig|npmrc|yarnrc|yarnrc\.yml|pypirc|curlrc|wgetrc)$/,
  /^~\/\.config\/git\//,
  /^~\/\.(claude\.json|claude\/|cursor\/|codeium\/|continue\/|windsurf\/|vscode\/|gemini\/)/,
  /^~\/\.config\/(Claude|claude|Code|Cursor|zed|goose)\//,
  /^~\/\.(crontab|xprofile|xinitrc|xsessionrc|pam_environment)$/,
  /\/\.git\/hooks\//,
];

const WORKDIR = /^~\/project\//;

export function fsFindings(files: readonly FileObservation[]): Finding[] {
  const out = new FindingSet();
  for (const f of files) {
    const ev = {
      path: f.path,
      bytes: f.size,
      ...(f.excerpt !== undefined ? { payloadExcerpt: f.excerpt } : {}),
      ...(f.canary ? { canary: f.canary } : {}),
    };
    if (f.change === 'read') {
      if (!f.canary) continue;
      if (f.phase === 'install' && f.path === '~/.npmrc') continue;
      out.add(RULES.credentialRead, `Planted credential file ${f.path} was read`, f, ev, f.path);
      continue;
    }
    if (f.change === 'deleted') continue;
    if (PERSISTENCE_PATHS.some((re) => re.test(f.path))) {
      out.add(
        RULES.persistence,
        `${f.change === 'created' ? 'Created' : 'Modified'} ${f.path}`,
        f,
        ev,
        f.path,
      );
    } else if (f.path.startsWith('~/') && !WORKDIR.test(f.path)) {
      out.add(
        RULES.writeOutsideProject,
        `${f.change === 'created' ? 'Created' : 'Modified'} ${f.path} outside the working folder`,
        f,
        ev,
        f.path,
      );
    }
  }
  return out.list();
}
