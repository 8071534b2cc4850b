import { describe, expect, it } from 'vitest';
import { variableKind, type VariableKind } from './variable-kind.js';

describe('variableKind', () => {
  it.each<[string, VariableKind]>([
    ['POSTMARK_SERVER_TOKEN', 'secret'],
    ['MY_API_KEY', 'secret'],
    ['apiToken', 'secret'],
    ['DB_PASSWORD', 'secret'],
    ['SESSION_COOKIE', 'secret'],
    ['X_API_URL', 'endpoint'],
    ['SMTP_HOST', 'endpoint'],
    ['AUTH_URL', 'endpoint'],
    ['DEFAULT_SENDER_EMAIL', 'identity'],
    ['DB_USER', 'identity'],
    ['WIDGET_ID', 'identifier'],
    // switches and settings are left unset, even with a credential word in them
    ['ENABLE_TOKEN_PASSTHROUGH', 'setting'],
    ['CHROME_DEVTOOLS_MCP_NO_USAGE_STATISTICS', 'setting'],
    ['OPENAPI_MCP_HEADERS', 'setting'],
    ['DEFAULT_PARAMETERS', 'setting'],
    ['MAX_TOKENS', 'setting'],
    ['TOKEN_LIMIT', 'setting'],
    ['MEMORY_FILE_PATH', 'setting'],
    ['SORT_KEY_NAME', 'setting'],
    ['MONKEY_MODE', 'setting'],
    ['LOG_FORMAT', 'setting'],
    ['WORKSPACE', 'setting'],
    ['KEYWORDS', 'setting'],
  ])('%s is %s', (name, kind) => expect(variableKind(name)).toBe(kind));
});
