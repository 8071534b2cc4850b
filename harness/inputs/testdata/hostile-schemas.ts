// Schemas with no finite valid instance, shared by the generator tests: a $ref cycle with no
// meaning, and an endless required chain.

export const REF_CYCLE = {
  type: 'object',
  definitions: { a: { $ref: '#/definitions/b' }, b: { $ref: '#/definitions/a' } },
  properties: { x: { $ref: '#/definitions/a' } },
  required: ['x'],
};

export const ENDLESS_CHAIN = {
  type: 'object',
  definitions: {
    node: {
      type: 'object',
      properties: { v: { type: 'integer' }, next: { $ref: '#/definitions/node' } },
      required: ['v', 'next'],
    },
  },
  properties: { root: { $ref: '#/definitions/node' } },
  required: ['root'],
};
