// Tests for property name -> value hint.
import { describe, expect, it } from 'vitest';
import { hintFor, nameTokens } from './value-hints.js';

describe('hintFor', () => {
  it.each([
    ['to', 'email'],
    ['cc', 'email'],
    ['recipients', 'email'],
    ['emailAddress', 'email'],
    ['from', 'sender-email'],
    ['subject', 'subject'],
    ['textBody', 'body'],
    ['htmlBody', 'html'],
    ['message', 'body'],
    ['name', 'person-name'],
    ['firstName', 'first-name'],
    ['last_name', 'last-name'],
    ['author', 'person-name'],
    ['projectName', 'title'],
    ['path', 'path'],
    ['paths', 'path'],
    ['filePath', 'path'],
    ['source', 'path'],
    ['filename', 'filename'],
    ['dir', 'directory'],
    ['url', 'url'],
    ['webhookUrl', 'url'],
    ['hostname', 'hostname'],
    ['ipAddress', 'ip'],
    ['amount', 'amount'],
    ['unitPrice', 'amount'],
    ['quantity', 'quantity'],
    ['head', 'quantity'],
    ['createdAt', 'date-time'],
    ['dueDate', 'date'],
    ['userId', 'id'],
    ['uuid', 'uuid'],
    ['query', 'query'],
    ['sql', 'sql'],
    ['language', 'language'],
    ['countryCode', 'country'],
    ['currency', 'currency'],
    ['timeZone', 'timezone'],
    ['iban', 'iban'],
    ['cardNumber', 'card-number'],
    ['apiKey', 'api-key'],
    ['password', 'password'],
    ['entityType', 'tag'],
    ['observations', 'text'],
    ['oldText', 'text'],
    ['contentType', 'mime'],
  ])('%s -> %s', (name, hint) => {
    expect(hintFor(name)).toBe(hint);
  });

  it('gives no hint for names it does not know, unless the description helps', () => {
    expect(hintFor('zork')).toBeUndefined();
    expect(hintFor('dst_addr2', 'The e-mail of the person to notify')).toBe('email');
    expect(hintFor(undefined, 'x'.repeat(10_000))).toBeUndefined();
  });

  it('splits camelCase, snake_case and kebab-case', () => {
    expect(nameTokens('textBody')).toEqual(['text', 'body']);
    expect(nameTokens('api_key-ID')).toEqual(['api', 'key', 'id']);
  });
});
