// The rule catalog: stable ids (SARIF and policies key on them), default severities, and what
// each rule cannot see. Every rule that can fire is listed here; a test checks the fixture table
// against it.
import type { Severity } from '../domain/types.js';

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** Other severities the rule gives in the cases its summary names (default first). */
  alsoAt?: readonly Severity[];
  summary: string;
  /** Why it matters, in plain words, to someone about to install the server (shown in reports). */
  why: string;
  limits: string;
}

export const RULES = {
  rawIp: {
    id: 'net/raw-ip',
    severity: 'high',
    summary: 'A TCP, UDP or ICMP flow to an IP address that no DNS lookup in the run returned.',
    why: 'It talked to a bare IP address it never looked up, the way hard-coded command-and-control servers are reached. Legitimate servers almost always connect by name.',
    limits:
      'An address cached or hard-coded from a lookup made before the run looks the same as one never looked up; an IP on the allowlist is not reported.',
  },
  nonHttpTcp: {
    id: 'net/non-http-tcp',
    severity: 'high',
    summary: 'A TCP stream whose first bytes are neither HTTP nor TLS.',
    why: 'It opened a connection that speaks neither web nor TLS, the kind of private channel a backdoor or reverse shell uses. MCP servers talk to web APIs.',
    limits:
      'Decided from the first chunk the client sends; protocols where the server speaks first (SMTP, SSH) show as silent streams and are reported by the other egress rules only.',
  },
  udp: {
    id: 'net/udp',
    severity: 'high',
    summary: 'A UDP datagram that is not a plain DNS query (whatever its port).',
    why: 'It sent UDP traffic that is not a DNS lookup, a channel for beacons and leaks that slips past web proxies. Servers that call web APIs rarely need it.',
    limits:
      'Plain DNS queries are judged by the DNS rules (names, tunnels, bypassed resolvers) instead.',
  },
  dnsPortMisuse: {
    id: 'net/dns-port-misuse',
    severity: 'high',
    summary:
      'TCP or UDP to port 53 that is not plain DNS (undecodable, a response, records or bytes smuggled next to the question): a channel dressed as DNS.',
    why: 'It used the DNS port to carry something that is not a DNS question: a covert channel dressed as name lookups, which firewalls usually let through.',
    limits:
      'Plain queries that carry data in their names are judged by exfil/dns-tunnel and the canary matcher instead.',
  },
  dnsBypass: {
    id: 'net/dns-bypass',
    severity: 'high',
    summary:
      "DNS sent straight to a server that is not one of the pod's configured resolvers (hard-coded resolvers are a classic way past DNS monitoring).",
    why: "It asked a DNS server of its own choosing instead of the system's, which hides its lookups from monitoring. Legitimate servers use the system resolver.",
    limits:
      'DNS over HTTPS or TLS is judged as HTTPS or TLS; not judged when the configured resolvers are unknown.',
  },
  domainFronting: {
    id: 'net/domain-fronting',
    severity: 'high',
    summary:
      'An HTTP Host header or TLS SNI names a different host than the one the package looked up for that connection (or names a host on a connection to an address no lookup returned): traffic to one host dressed as traffic to another. Host and SNI are written by the package and never decide the allowlist.',
    why: 'It disguised where its traffic went, naming one host while connecting to another, so firewalls and logs see a harmless name. A legitimate client has no reason to.',
    limits:
      'A package with its own resolver (DNS over HTTPS) that names the right host still shows as a raw-IP connection with a Host header.',
  },
  egressHttp: {
    id: 'net/egress-http',
    severity: 'medium',
    alsoAt: ['low'],
    summary:
      "HTTP or HTTPS (or a silent TCP connection) to a named host that is not on the allowlist; low when the call that made it named that host in its arguments (a fetch tool given a URL), not through the tool's own schema.",
    why: 'It contacted a web host you did not allow. That may be the service the server is for, but it is also how data leaves: check that you expect this host.',
    limits:
      'Judged by destination only; what the request carried is shown as evidence and judged by the canary and taint rules. The same host reached unasked by another call makes the incident medium.',
  },
  configuredEndpoint: {
    id: 'net/configured-endpoint',
    severity: 'info',
    summary:
      'HTTP, HTTPS or a DNS lookup to an endpoint the run configured itself: a URL mcp-airlock invented for an endpoint variable the package requires (one whose default the source shows is left unset), or one the user set with --env.',
    why: 'It reached an endpoint the run configured for it, as the package is meant to. Shown so you can check what it sent there.',
    limits:
      'Install-time traffic and raw TCP or UDP to the endpoint are judged by the other rules; what the requests carry is judged by the canary and taint rules like any other request.',
  },
  dnsLookup: {
    id: 'net/dns-lookup',
    severity: 'low',
    summary: 'A DNS lookup of a name that is not on the allowlist and that no connection followed.',
    why: 'It looked up a name it never connected to. Harmless on its own, but lookups can carry data out, so the names are shown.',
    limits: 'Lookups answered from a cache inside the package are not seen.',
  },
  installEgress: {
    id: 'install/egress',
    severity: 'high',
    summary: 'Any DNS lookup or connection during the install phase (lifecycle scripts).',
    why: 'It went on the network while being installed, before you ever ran it. Install scripts run with your permissions and are how most malicious packages strike; legitimate packages rarely need the network then.',
    limits:
      'Install scripts that wait for a later trigger (a timer, the first import) act in later phases.',
  },
  remoteDependency: {
    id: 'install/remote-dependency',
    severity: 'high',
    summary:
      'A dependency that does not come from the registry (a git repository, a tarball URL, a path), or an address the install tried to reach besides the registry: code delivered past the registry and its scans (remote dynamic dependencies). The fetch never reaches it; where the package cannot be installed without it, the server is not examined.',
    why: 'It pulls code from outside the registry, code that no registry scan has seen and that its author can change at any time after you install.',
    limits:
      'Judged from the package.json, the fetch proxy and the lock file; a dependency that downloads more code from its own install script is seen by the install rules instead.',
  },
  canary: {
    id: 'exfil/canary',
    severity: 'critical',
    summary:
      'A planted credential (environment, dotfile, .env, agent config) reached anything but its own service (see src/canary/known-services.ts), on any channel, in any encoding the matcher peels; in a DNS name it is a leak wherever it goes.',
    why: "A credential planted for this run left the sandbox: a real one would now be in someone else's hands.",
    limits:
      "Encryption, custom ciphers, or a secret cut into pieces shorter than the needles defeat matching. A credential reaching its own service is exfil/credential-used-as-intended instead; allowing a host does not make it any credential's service (only the package's own credential with no known service is left to the allowlist: exfil/canary-allowed-host). Private keys have no service and are critical everywhere.",
  },
  canaryAllowedHost: {
    id: 'exfil/canary-allowed-host',
    severity: 'low',
    summary:
      "The package's own credential, whose service neither its name nor the package's source ties to a host, was sent to an allowlisted host (the allowlist stands in for its service).",
    why: "The package's own credential went to a host you allowed. Fine if that host is the credential's service, a leak if it is not.",
    limits: "Whether the host should receive that credential is the reviewer's call.",
  },
  credentialUsedAsIntended: {
    id: 'exfil/credential-used-as-intended',
    severity: 'info',
    summary:
      "A planted credential reached its own service: a well-known credential its service's hosts (GITHUB_TOKEN to *.github.com), a connection string the host it names, the package's own credential an endpoint it lets the user configure or a host its source names after the credential.",
    why: 'A credential went to the service it belongs to, which is what it is for. Shown so you know the server uses it.',
    limits:
      "The package's own credential is tied to hosts its own source names after it: a package that names a credential after its exfiltration host is judged by that; the user's well-known credentials and files are bound to their real services, where the package has no say.",
  },
  canaryInResult: {
    id: 'exfil/canary-in-result',
    severity: 'high',
    summary:
      'A planted credential came back in a tool result: disclosed to the model and whatever it talks to.',
    why: 'A secret came back in a tool result, so the AI model, its logs and whatever it talks to now see it. A tool that is not about secrets has no reason to return one.',
    limits: 'Only text content of results is searched, up to 64 KiB per call.',
  },
  canaryInResultDeclared: {
    id: 'exfil/canary-in-result-declared',
    severity: 'low',
    summary:
      'A planted credential came back in a tool result that the tool says it gives (a tool whose name, title or description says it returns environment variables) or that the call asked for by naming the file: disclosed to the model as documented, shown for review.',
    why: 'A tool that says it returns secrets returned one. Documented, but whatever it returns reaches the model and its logs.',
    limits:
      'A malicious tool can describe the disclosure to get this lower severity; the description is what the user and the model see, which is the difference from exfil/canary-in-result. A path in the arguments that names the file in another way (a symlink, ../) is not recognised.',
  },
  untrustedValue: {
    id: 'exfil/untrusted-value',
    severity: 'high',
    summary:
      "An outbound request or mail carries an email address, URL, host, phone number or account id that came neither from the call's arguments, nor from the environment given to the server, nor from the destination's own domain or the package's declared metadata (an extra recipient, destination or field).",
    why: 'A request it sent carried an address or destination that neither you nor the call supplied, such as a hidden extra recipient: how a tool quietly copies your data to someone else.',
    limits:
      "Values the package derives from server responses are treated as unexplained; values the extractor does not parse (obfuscated, split) are not seen. String literals in the package's code are not trusted.",
  },
  dnsTunnel: {
    id: 'exfil/dns-tunnel',
    severity: 'high',
    summary:
      'DNS used as a channel: long or high-entropy labels, many unique names under one parent domain, or a burst of TXT queries.',
    why: 'It used DNS lookups to carry data, a covert channel that gets past most firewalls. Ordinary servers look up a few plain names.',
    limits:
      'A slow tunnel with short, low-entropy labels and few names stays under the thresholds.',
  },
  persistence: {
    id: 'fs/persistence',
    severity: 'high',
    summary:
      'A write to a place that runs or configures things later: shell start-up files, autostart, systemd user units, SSH authorized_keys, git and npm config, AI agent configs.',
    why: 'It wrote a file that runs or configures things later (shell start-up, SSH keys, agent config), so it can outlive an uninstall and act again with your permissions.',
    limits:
      'Only HOME and /tmp are writable in the sandbox; attempts on read-only paths fail unseen. A file written and removed between two checkpoints is missed.',
  },
  writeOutsideProject: {
    id: 'fs/write-outside-project',
    severity: 'low',
    summary: 'A file created or changed in HOME outside the working folder.',
    why: 'It changed files in your home folder outside its working folder. Often caches or settings, but worth knowing what it leaves behind.',
    limits: 'Checkpoints run between calls; content is excerpted from the final state.',
  },
  credentialRead: {
    id: 'fs/credential-read',
    severity: 'medium',
    alsoAt: ['low'],
    summary:
      "A planted credential file was read (its access time changed); low when the call that read it named it in its arguments (not through the tool's own schema), or when it is the project's .env (what dotenv-style loaders read).",
    why: 'It read a credential file you did not ask it to use. Reading is not leaking, but a server that does not need your keys has no reason to open them.',
    limits:
      'Seen through access times: only the first read of each file is seen, and reads by npm of ~/.npmrc during install are not counted. A read is not a leak: what leaves is judged by exfil/canary.',
  },
  shell: {
    id: 'proc/shell',
    severity: 'high',
    summary:
      "The server (or an install script's own process) started a shell: one whose script fetches, runs inline code, decodes, writes start-up or system files, makes a file executable, evaluates text, pipes into a shell or builds its program name at run time (whoever started it), or any shell that is not an environment probe, started by a tool that does not say it runs commands, at start-up or by an install script.",
    why: 'It started a shell, which can run any command with your permissions; this is how malware fetches and runs its payload. A tool that does not say it runs commands rarely needs one.',
    limits:
      'Traced on the Docker host with forkstat; a process gone before its command line is read shows without one. The script is read from the command line, whose argument boundaries are lost; a script read from a file or fed on stdin is judged by the processes it starts.',
  },
  shellDeclared: {
    id: 'proc/shell-declared',
    severity: 'low',
    summary:
      'A shell started during a call to a tool whose name, title or description says it runs commands (run_command, execute_command, "Run a shell command"), with a script that is not dangerous, or one that only hands a literal http(s) URL to the browser (xdg-open "https://…") from a tool that says it opens URLs or a browser: the tool\'s stated job, shown for review with the declaration quoted.',
    why: 'A tool that says it runs commands ran one, which is its stated job. Whatever the model asks, it can do with your permissions.',
    limits:
      "A malicious tool can declare running commands to get this severity; the declaration is what the user and the model see. What the commands do (network, files, more processes) is judged by the other rules, and a dangerous script stays proc/shell even when the call's arguments carry it (schema enums, defaults and examples, which the package writes, feed our arguments). Annotations other than title declare nothing.",
  },
  envProbe: {
    id: 'proc/env-probe',
    severity: 'info',
    summary:
      'A shell whose script only asks about the environment (which, command -v, type, uname, wslinfo, sw_vers, lsb_release, os-release, X --version, id -u, getconf, hostname, ps, echo $VAR; output to /dev/null, || true), from anywhere: how servers find their dependencies.',
    why: 'It checked what is installed (which, uname and the like), as servers do to find their dependencies. Shown for completeness.',
    limits:
      'Any substitution, grouping, redirection to a file, variable assignment or wrapper makes a script not a probe, and so does a probe shell that starts a program its script does not name or is started with env assignments. Probes run programs by name through PATH, which the package sets; what those programs do is judged by the other rules.',
  },
  networkTool: {
    id: 'proc/network-tool',
    severity: 'high',
    summary: 'A network tool (curl, wget, nc, socat, ssh, dig, …) was started.',
    why: "It started a network program such as curl or nc, the usual way to fetch a payload or open a reverse shell outside the server's own traffic.",
    limits:
      'Recognised by program name; a renamed binary, and a version query (curl --version), are reported as proc/spawn. Stays high from a tool that declares running commands: our inputs never ask for a network tool.',
  },
  inlineCode: {
    id: 'proc/inline-code',
    severity: 'high',
    summary:
      'An interpreter was started with code on its command line (node -e, python -c, perl -e, …).',
    why: 'It ran code passed on a command line (node -e, python -c), a common way to keep a payload out of the files reviewers read.',
    limits: 'Code passed through stdin or a temp file is reported as proc/spawn.',
  },
  rugPull: {
    id: 'mcp/rug-pull',
    severity: 'high',
    summary:
      "A tool's definition (name, title, description, input or output schema, annotations) or the server's instructions changed during the run: between rounds, on list_changed, or on a second launch over the same state.",
    why: 'A tool changed what it says it does after it was first shown, so what you approve is not what runs: the classic MCP bait and switch.',
    limits:
      'Only changes the server shows us are seen: a server that tells the analyser apart from a real client (by timing, client name, call count beyond the budget, or a date) can keep its change for later.',
  },
  hiddenInstructions: {
    id: 'meta/hidden-instructions',
    severity: 'high',
    summary:
      'Text the server hands to the model (instructions, tool, parameter, prompt and resource descriptions, prompt messages, resource contents, tool results, sampling requests) carries orders for the model rather than documentation: tags such as <IMPORTANT> or [SYSTEM], "do not tell the user", "ignore previous instructions", reading or sending credential and agent-config files, extra recipients; weaker hints (preconditions before other tools, "use X instead", urgency, asking for secrets or the conversation, base64 text) count only in pairs.',
    why: 'Text meant for the AI model carries orders (hide this from the user, read these keys, send it there) rather than documentation. The model may obey them with your access.',
    limits:
      'English patterns over normalised text (invisible characters dropped, fullwidth and look-alike letters folded); a paraphrase the patterns do not anticipate, instructions in another language, split across several tools or texts, encrypted, or carried in images are not seen. A file read counts only for credential and agent-config paths, so honest descriptions of what a tool reads do not match.',
  },
  invisibleUnicode: {
    id: 'meta/invisible-unicode',
    severity: 'high',
    alsoAt: ['medium'],
    summary:
      'Invisible characters in server-provided text: high when they hide text (Unicode tag characters, letters interleaved with zero-width characters, a bidi override that reorders the text, bytes smuggled in variation selectors), medium for stray invisible characters. Ordinary uses (emoji joiners and VS16, flags, joiners in Persian or Indic text, bidi marks in Hebrew or Arabic text) are not reported.',
    why: 'Text the model reads contains characters you cannot see, which can hide instructions from you while the model still follows them.',
    limits:
      'Private-use and control characters (ANSI escapes) are not judged; whether a joiner or mark is ordinary is decided from its neighbours only; in tool results and resource contents fewer than three stray characters are not reported.',
  },
  toolShadowing: {
    id: 'meta/tool-shadowing',
    severity: 'high',
    alsoAt: ['medium'],
    summary:
      'Server-provided text instructs the model about a tool this server does not expose (call/use X or never use X, "the X tool" in a sentence giving orders, "when X is called", "before X", X said to be broken or unsafe, what is meant for X diverted here, well-known tool names of other servers given orders): an attempt to steer how the model uses other servers\' tools. Advice comparing this tool with another ("use this instead of X for …", "prefer this over X", "unlike X") is not such an instruction.',
    why: "It tells the model how to use another server's tools, so it can redirect or spy on what those tools do with your data.",
    limits:
      'Tools named by ordinary words count only when quoted or well known; names with dots or slashes, and references phrased without any of the cues, are not seen. A comparison counts only when its sentence also forbids X, calls it broken or unsafe, or (for instead of / rather than / in place of) sends X\'s input here, so an unconditional "always use this instead of X" is read as advice. Prompt messages are not judged (prompts may name other tools by design); in resource contents (documents read on request) a reference in visible text is medium.',
  },
  padding: {
    id: 'meta/padding',
    severity: 'medium',
    alsoAt: ['high'],
    summary:
      "Blank space followed by more text, pushing that text out of sight in tool lists and approval dialogs: 40 or more columns of spaces, tabs, NBSP, ideographic spaces or blank fillers (braille blank, Hangul fillers) inside a line or as indentation past the text's own, or 10 or more line breaks in one run; zero-width characters do not break a run. High when the text after the pad carries instructions.",
    why: 'Text is pushed out of view by blank space, so an approval dialog shows you a harmless start while the model reads the rest.',
    limits:
      "Indentation shared by the text's lines is layout (an indented template literal), up to 24 columns; so uniform indentation under 64 columns on every line but the first is not seen. Padding made of visible filler, or split by short visible text, is not seen; in tool results and resource contents, which carry tables and code, the thresholds are 200 columns or 40 line breaks.",
  },
  elicitationSecret: {
    id: 'mcp/elicitation-secret',
    severity: 'high',
    summary:
      'The server asked the user for a secret through form elicitation (a password, token, API key, private key, card number, one-time code, recovery phrase): the MCP specification forbids requesting sensitive information this way, and it is how a server phishes credentials past the agent.',
    why: 'It asked you for a password, token or key through your AI client. The MCP specification forbids this; it is how a server phishes credentials.',
    limits:
      'Judged from the requested fields (name, title, description) and, when a text field is requested, the message; a secret asked for under a neutral field name with a neutral message, or through URL elicitation, is not seen.',
  },
  notExamined: {
    id: 'coverage/not-examined',
    severity: 'high',
    summary:
      'Part of the server could not be examined: it did not start or initialise, a list request failed or was cut at the cap, a definition is one the MCP client rejects, a tool was never called or never answered (every call timed out or crashed), or the second launch did not complete. A gate must not pass what was not looked at.',
    why: 'Part of the server could not be looked at, so no findings there proves nothing. Do not treat it as clean.',
    limits:
      'A tool counts as examined once one call got any answer; behaviour kept for inputs, call counts or clients the run did not try is not seen.',
  },
  capReached: {
    id: 'evasion/cap-reached',
    severity: 'high',
    summary:
      'One of our recorders reached its limit (events of one kind, log or capture size, a body, a stream, process lines, the file listing): what it saw before is kept and judged, what came after was not seen. A flood that blinds the monitor is treated as the attempt it is.',
    why: 'It produced so much activity that one of our recorders filled up and missed the rest, which is how malware hides behind noise. What came after is unknown.',
    limits:
      'Limits are set well above what servers send during an analysis; a legitimate server that uploads or logs very much can reach one, and the finding names which.',
  },
  helperFailed: {
    id: 'evasion/helper-failed',
    severity: 'high',
    summary:
      'A helper of ours was killed, cut short or failed (the fake internet restarted, the capture stopped early, a file checkpoint failed or timed out, the process trace ended early): part of the run was not watched.',
    why: 'Part of our monitoring stopped during the run, so something could have happened unseen. The result is incomplete.',
    limits: 'Says that a gap exists and where, not what happened in it.',
  },
  monitorContact: {
    id: 'evasion/monitor-contact',
    severity: 'high',
    summary:
      "The package connected straight to one of the monitor's own sockets on the pod's loopback (not through the redirection every real destination goes through): the connection is refused and recorded, never delivered.",
    why: "It tried to reach the analyser's own monitoring sockets, which a normal server cannot know about: a sign it is probing or attacking the sandbox.",
    limits: 'Probing other loopback ports is not reported.',
  },
  spawn: {
    id: 'proc/spawn',
    severity: 'info',
    summary: 'Any other process the server or an install script started.',
    why: 'It started another program. Listed so you can see what it runs; not judged on its own.',
    limits: 'Listed for review; not judged.',
  },
} as const satisfies Record<string, RuleInfo>;

export const RULE_IDS: readonly string[] = Object.values(RULES).map((r) => r.id);
