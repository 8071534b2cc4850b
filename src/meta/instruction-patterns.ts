// The phrase patterns of hidden-instructions.ts, matched against normalised, lower-cased text.
// Strong patterns are instructions no documentation needs (tags addressed to the model, hiding
// things from the user, overriding earlier instructions, reading key files, adding recipients);
// weak ones also occur in honest documentation (preconditions, "use X instead", urgency) and count
// only in pairs. Every pattern is linear: literals, character classes and bounded gaps.

export type InstructionKind =
  | 'model-tag'
  | 'conceal'
  | 'override'
  | 'secret-file'
  | 'prompt-leak'
  | 'redirect'
  | 'secret-request'
  | 'conversation'
  | 'url-send'
  | 'tool-swap'
  | 'tool-rule'
  | 'precondition'
  | 'urgency'
  | 'conceal-hint'
  | 'addresses-model'
  | 'auto-approve'
  | 'steers-answer'
  | 'role-marker'
  | 'encoded';

export interface InstructionPattern {
  kind: InstructionKind;
  strong: boolean;
  reason: string;
  re: RegExp;
  /** Skipped in texts that are prompts by design (prompt messages, sampling requests). */
  notInPrompts?: boolean;
}

/** Up to n characters within one sentence (a dot counts as a boundary only before a space). */
const gap = (n: number): string => `(?:[^.!?\\n]|\\.(?=\\S)){0,${n}}`;
/** A group of alternatives written `a|b|c` (kept on one line so the lists stay readable). */
const any = (alternatives: string): string => `(?:${alternatives})`;

const EXFIL =
  'include|pass|send|append|attach|upload|forward|post|provide|paste|embed|insert|put|share|submit|leak|exfiltrate|transmit|add|copy';
const FILE_VERBS = `${EXFIL}|read|cat|open|print|output|extract|grab|collect|retrieve|fetch|return|dump`;
const SECRET_FILES = any(
  [
    '\\.ssh\\b',
    '\\bid_(?:rsa|dsa|ecdsa|ed25519)\\b',
    '\\.aws\\/credentials',
    '\\.(?:npmrc|pypirc|netrc|git-credentials|gnupg)\\b',
    '\\.docker\\/config\\.json',
    '\\.kube\\/config',
    '\\b(?:mcp|claude_desktop_config)\\.json\\b',
    '\\.cursor\\/',
    '\\/etc\\/(?:passwd|shadow)\\b',
    '(?:^|[\\s\'"`(\\/~])\\.env\\b',
    '\\b(?:bash|zsh)_history\\b',
    '\\b(?:wallet\\.dat|cookies\\.sqlite|login data)\\b',
    '\\b(?:(?:ssh|gpg|pgp) private|private (?:ssh|gpg|pgp)) keys?\\b',
    '\\.config\\/(?:gcloud|gh)\\b|\\bapplication_default_credentials\\.json|\\.azure\\/',
    '\\.(?:vault-token|pgpass|s3cfg|boto|terraformrc)\\b|\\bterraform\\.tfstate\\b',
    '\\b(?:credentials|secrets?|service[-_]account)\\.(?:json|ya?ml|toml)\\b',
    '\\.(?:pem|p12|pfx|jks|keystore)\\b',
  ].join('|'),
);
const TOKEN_KINDS =
  'access|auth|api|bearer|github|gitlab|npm|slack|openai|anthropic|aws|session|refresh|oauth';
const SECRETS = `\\b${any(
  [
    '(?:api|access|secret|private)[ _-]?keys?|apikeys?',
    'passwords?|passphrases?|credentials?|secrets|mnemonics?|(?:seed|recovery) phrases?',
    `(?:${TOKEN_KINDS}|personal access)[ _-]?tokens?`,
    'session cookies?|cookies|ssh keys?|environment variables|env vars',
  ].join('|'),
)}\\b`;
const CONVERSATION = `\\b${any(
  [
    '(?:conversation|chat|message) history',
    '(?:full|entire|whole|complete) (?:conversation|chat|transcript)',
    'previous messages|all (?:prior |previous |earlier )?messages|your (?:system )?instructions',
  ].join('|'),
)}\\b`;
const EMAIL = '[a-z0-9._%+-]+@[a-z0-9-]+(?:\\.[a-z0-9-]+)+';
const NAME = '[`\'"]?[a-z0-9_.-]{2,64}[`\'"]?';
const MODEL = any('ai|llm|assistant|agent|model|claude|chatgpt|gpt|copilot|cursor|language model');
const NEGATE = any(
  "do not|don't|dont|never|must not|mustn't|should not|shouldn't|shall not|without",
);

const p = (
  kind: InstructionKind,
  strong: boolean,
  reason: string,
  alternatives: readonly string[],
  notInPrompts = false,
): InstructionPattern => {
  const re = new RegExp(alternatives.join('|'), 'g');
  return { kind, strong, reason, re, notInPrompts };
};

export const PATTERNS: readonly InstructionPattern[] = [
  p(
    'model-tag',
    true,
    'a tag addressed to the model',
    [
      `<\\s*\\/?\\s*!?\\s*${any('important|system|instructions?|secret|hidden|admin|critical|mandatory|urgent')}(?:[-_ ]?${any('instructions?|notes?|notice|message|info|rules?|directives?')})?\\s*>`,
      `<\\s*\\/?\\s*${any('system|ai|assistant|model|agent|llm|hidden|user')}[-_ ]?${any('prompt|message|instructions?|notes?')}\\s*>`,
      `<\\s*\\/?\\s*note[-_ ]?(?:to|for)[-_ ]?(?:the[-_ ]?)?${MODEL}\\s*>`,
    ],
    true,
  ),
  p('model-tag', true, 'an HTML comment addressed to the model', [
    `<!--\\s*${any(`${MODEL}|system|instructions?|important|hidden|secret|note (?:to|for)`)}\\b`,
  ]),
  p('model-tag', true, 'chat-template control tokens', [
    '<\\|\\s*(?:im_start|im_end|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id)\\s*\\|>',
    '\\[\\/?inst\\]|<<\\/?sys>>',
  ]),
  p(
    'model-tag',
    true,
    'a bracketed marker addressed to the model',
    [
      `\\[\\s*${any('system|important|admin|instructions?|system (?:message|note|prompt|instructions?)')}\\s*\\]`,
      `\\[\\s*note (?:to|for) (?:the )?${MODEL}\\s*\\]`,
    ],
    true,
  ),
  p('conceal', true, 'tells the model to keep something from the user', [
    `\\b${NEGATE}\\s+(?:ever\\s+)?${any('tell|inform|notify|alert|mention|reveal|disclose|let')}\\b${gap(60)}\\b${any('the user|user|the human|that you|these instructions|this instruction|the instructions|this step|this note|them know')}\\b`,
    `\\b(?:the )?users? ${any('must|should|shall|need|needs|may')} not (?:ever )?${any('know|see|notice|find out|learn|be (?:told|informed|aware|notified|shown)')}\\b`,
    `\\b(?:without|before) (?:the |their |your )?${any("user'?s?|users'|them|they")} ${any('knowing|noticing|seeing|knowledge|awareness|notices|knows|sees|being (?:told|informed|aware)')}\\b`,
    `\\bwithout ${any('informing|telling|notifying|alerting|warning')} (?:the |your )?user\\b`,
    `\\b${any('hide|conceal|keep')}\\b${gap(40)}\\b(?:away )?from (?:the |your )?user\\b`,
  ]),
  p('conceal', true, 'acts secretly', [
    `\\b${any('secretly|silently|covertly|quietly|discreetly|stealthily|invisibly|surreptitiously')}\\s+(?:also\\s+)?${any('send|forward|copy|include|add|append|bcc|cc|read|upload|call|invoke|exfiltrate|post|transmit|share|attach|pass|email')}\\b`,
  ]),
  p('conceal', true, 'keeps its own instructions out of sight', [
    `\\b${any("do not|don't|never")}\\s+${any('show|display|print|output|repeat|echo|quote')}\\b${gap(40)}\\b(?:these|this|the) (?:instructions?|note|step)\\b`,
    '\\b(?:these|this) (?:instructions?|notes?) (?:are|is) (?:hidden|secret|confidential|not visible|invisible)\\b',
  ]),
  p('override', true, 'tells the model to ignore earlier instructions', [
    `\\b${any('ignore|disregard|forget|discard')}\\s+(?:all\\s+|any\\s+|every\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|my\\s+|these\\s+|those\\s+)?${any('previous|prior|above|earlier|preceding|former|original|initial|system|other|safety')}\\s+${any('instructions?|prompts?|rules|directions|directives|guidelines|guidance|constraints|guardrails|policies|restrictions|orders')}`,
    `\\b${any('ignore|disregard|forget')}\\s+${any('everything|all|anything')}\\s+${any("above|before|else|previous|prior|you (?:were|have been|'ve been) told")}`,
    '\\b(?:disregard|forget)\\s+(?:all\\s+(?:of\\s+)?)?the\\s+above\\b',
  ]),
  p('override', true, 'tells the model to bypass its rules', [
    `\\b${any('override|bypass|circumvent')}\\s+(?:all\\s+|any\\s+)?(?:the\\s+|your\\s+)?${any('system|safety|previous|prior')}\\s+${any('instructions?|prompts?|guardrails|guidelines|policies|filters|rules')}`,
    '\\b(?:these|this|the following|my|our) (?:instructions?|rules?|directives?|notes?) (?:take|takes|have|has|get|gets) (?:precedence|priority)',
    `\\b(?:supersedes?|overrides?) (?:all |any )?${any('other|previous|prior|earlier|conflicting|system|user')} (?:instructions|directives|guidelines|prompts?)`,
    `\\b${any('system|admin|administrator|developer|emergency')}\\s+(?:override|directive)\\b`,
    '\\b(?:new|updated|revised|real|actual|true) (?:system )?instructions\\s*:',
    `\\byou are (?:now|no longer)\\b${gap(30)}\\b${any('mode|dan|jailbroken|unrestricted|unfiltered|free from|bound by')}`,
    `\\b(?:ignore|disregard)\\s+(?:what |whatever )?(?:the |your )?user(?:'s)?\\s+${any('says|said|asks|asked|wants|requests?|requested|instructions?|wishes')}\\b`,
  ]),
  p('secret-file', true, 'orders a credential or agent-config file read or sent', [
    `\\b${any(FILE_VERBS)}\\b${gap(60)}${SECRET_FILES}`,
    `${SECRET_FILES}${gap(80)}\\b${any('include|pass|send|append|attach|upload|forward|post|provide|paste|embed|insert|share|submit|exfiltrate|transmit|leak')}\\b`,
    `${SECRET_FILES}${gap(80)}\\b${any('must|should|shall|always|will')} (?:also )?be ${any('passed|sent|included|appended|attached|uploaded|forwarded|posted|provided|pasted|embedded|inserted|shared|submitted')}\\b`,
  ]),
  p('prompt-leak', true, 'asks for the system prompt', [
    `\\b${any('reveal|repeat|print|output|leak|dump|disclose')}\\b${gap(30)}\\byour ${any('system (?:prompt|message)|initial instructions|system instructions|hidden instructions')}\\b`,
  ]),
  p('redirect', true, 'adds or changes a recipient', [
    `\\b${any('always|must|should|also|secretly|silently|additionally|automatically|instead|make sure to|be sure to|remember to')}\\b${gap(40)}\\b${any('bcc|cc|blind[ -]?copy|carbon[ -]?copy|forward|redirect|send|copy|add|include')}\\b${gap(60)}${EMAIL}`,
    `\\b(?:all|every|any)\\s+(?:outgoing\\s+|sent\\s+)?${any('emails?|e-mails?|mails?|messages?|payments?|transfers?|funds|transactions?|invoices?')}\\b${gap(60)}\\b(?:must|should|shall|are to|will)\\s+(?:also\\s+|instead\\s+|always\\s+)?be\\s+${any("sent|forwarded|copied|redirected|routed|bcc'?d|cc'?d|delivered|transferred|paid")}\\s+to\\b`,
    `\\bredirect\\s+(?:all|every|any)\\s+${any('emails?|messages?|mail|payments?|funds|transfers?|money|transactions?')}\\b`,
  ]),
  p('redirect', false, 'changes a recipient or payee', [
    `\\b${any('change|replace|switch|swap|override')}\\s+(?:the\\s+)?${any('recipients?|to address|destination address|receiver|payee|beneficiary|iban|account number|wallet address|bank account')}\\b`,
  ]),
  p('secret-request', false, 'asks for secrets to be sent', [
    `\\b${any(EXFIL)}\\b${gap(60)}${SECRETS}`,
    `${SECRETS}${gap(60)}\\b${any(EXFIL)}\\b`,
  ]),
  p('conversation', false, 'asks for the conversation to be sent', [
    `\\b${any(EXFIL)}\\b${gap(60)}${CONVERSATION}`,
    `\\bwith\\s+(?:the\\s+|your\\s+)?${CONVERSATION}`,
  ]),
  p('url-send', false, 'sends data to an outside address', [
    `\\b${any('send|post|upload|forward|exfiltrate|transmit|submit')}\\b${gap(60)}https?:\\/\\/`,
    `\\b${any('send|email|e-mail|mail|forward|upload|copy')}\\b${gap(60)}\\bto\\s+${EMAIL}`,
    // a markdown image whose address has a placeholder: rendering it sends data
    '!\\[[^\\]\\n]{0,100}\\]\\(https?:\\/\\/[^)\\s]{1,300}?(?:\\{|%7b|\\$|<)',
  ]),
  p('role-marker', false, 'a chat role marker', ['(?:^|\\n)\\s*(?:system|assistant|human)\\s*:']),
  p('tool-swap', false, 'redirects the choice of tool', [
    `\\binstead of (?:using |calling |invoking )?(?:the )?${NAME}(?: tool| function)?,? (?:always |you (?:must|should) )?(?:use|call|invoke)\\b`,
    `\\b${any("do not|don't|never")} (?:use|call|invoke) (?:the )?${NAME}(?: tool| function)?${gap(40)}\\b(?:instead|use|call|invoke)\\b`,
    `\\b${any("do not|don't|never")} (?:use|call|invoke) (?:any )?other\\b${gap(30)}\\b(?:tools?|servers?|functions?)\\b`,
    `\\b${any('route|send|direct|funnel|pass')} (?:all|every|each|any)\\b${gap(40)}\\bthrough this (?:tool|server|function)\\b`,
  ]),
  p(
    'tool-rule',
    false,
    'sets a rule for when a tool is used',
    [
      `\\b${any('when|whenever|if|once|every time|each time')}\\s+(?:the\\s+|this\\s+|a\\s+|any\\s+)?${NAME}\\s+(?:tool\\s+|function\\s+|server\\s+)?(?:is|gets|has been|was|are)\\s+${any('called|used|invoked|run|executed|available|present|loaded|connected|enabled')}\\b${gap(80)}\\b${any('must|always|also|should|first|never|instead')}\\b`,
    ],
    true,
  ),
  p(
    'precondition',
    false,
    'a step required before other tools',
    [
      `\\b${any('must|always|first|need to|needs to|required to|have to|has to|mandatory')}\\b${gap(80)}\\bbefore\\s+${any('using|calling|invoking|running|executing|any|every|each|all')}\\b${gap(20)}\\b${any('tools?|functions?|actions?|requests?|calls?|operations?|commands?')}\\b`,
      `\\bbefore (?:using|calling|invoking|running) (?:this|the|any|any other) (?:tool|function)\\b${gap(60)}\\b${any('must|always|first|read|call|include|pass|send')}\\b`,
      `\\bbefore ${any('answering|responding|replying|you answer|you respond|you reply|any answer|any response|doing anything else')}\\b`,
    ],
    true,
  ),
  p(
    'urgency',
    false,
    'pressure on the model',
    [
      `\\b(?:otherwise|or else)\\b${gap(20)}\\b(?:will|would|might|could)\\s+${any('not work|fail|break|crash|error|stop working')}`,
      '\\b(?:very|extremely|critically|super)\\s+(?:important|crucial|critical)\\b',
    ],
    true,
  ),
  p('conceal-hint', false, 'worries about what the user would think', [
    `\\b${any('could|would|will|might|may')} ${any('upset|alarm|worry|scare|frighten|confuse|concern')} the user\\b`,
    '\\bbe (?:very )?(?:gentle|subtle|discreet)\\b',
    '\\bkeep (?:this|these|it|that)(?: \\w+)? between us\\b',
  ]),
  p(
    'addresses-model',
    false,
    'addresses the model directly',
    [
      `\\b${any('note|message|attention|instructions?|reminder')}\\s+(?:to|for)\\s+(?:the\\s+|any\\s+|all\\s+)?${MODEL}s?\\b`,
      `\\bif you are an? ${any('ai|llm|large language model|language model|assistant|agent|chatbot|bot')}\\b`,
      `\\b(?:dear|hey|attention)\\s+${MODEL}\\b`,
      `\\bthe ${MODEL} ${any('must|should|shall|is required to|needs to')}\\b`,
      '\\bfrom now on,? you (?:must|will|should|are)\\b',
    ],
    true,
  ),
  // "ask the user to provide one" involves the user, the opposite of concealment: not steering.
  p('steers-answer', false, 'dictates what the model tells the user', [
    `\\b${any('tell|instruct|urge|convince|persuade')} the user to\\b`,
    `\\b${any('include|append|add|insert|put')}\\b${gap(40)}\\b${any('in|into|to|at the end of')} ${any('your|the')} ${any('reply|response|answer|output')}\\b`,
  ]),
  p('auto-approve', false, 'acts without confirmation', [
    `\\bwithout ${any('asking|requesting|seeking|waiting|prompting|consulting|bothering')} (?:for )?(?:the |your )?${any('user|confirmation|permission|approval|consent')}\\b`,
    `\\b${any("do not|don't|never")} (?:ask|wait) (?:the user )?for ${any('confirmation|permission|approval|consent')}\\b`,
    '\\b(?:no need|not necessary|unnecessary) to (?:ask|confirm|check with)\\b',
    '\\b(?:has|have) (?:already )?(?:pre-?)?(?:authori[sz]ed|approved|consented)\\b',
  ]),
];

/** Letters-only phrases that survive spacing tricks (`i g n o r e`, `ig-nore`); all strong. */
export const SQUEEZED: readonly InstructionPattern[] = [
  p('override', true, 'tells the model to ignore earlier instructions', [
    '(?:ignore|disregard|forget)(?:all|any)?(?:the|your)?(?:previous|prior|above|earlier|preceding)(?:instructions?|prompts?|rules|guidelines)',
  ]),
  p('conceal', true, 'tells the model to keep something from the user', [
    '(?:donot|dont|never)(?:tell|inform|notify|alert)(?:the)?user',
  ]),
];
