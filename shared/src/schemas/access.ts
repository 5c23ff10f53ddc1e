import Type, { type Static } from 'typebox';

// The access API's request and response schemas, declared once: the server validates
// and serialises with them, the OpenAPI document shows them, the web app types with them.

const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$', description: 'Email address, e.g. you@example.com.' });
const Password = Type.String({ minLength: 1, maxLength: 256, description: 'Password (at least 10 characters for a new one).' });
export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('viewer')], {
  description: 'admin: settings, people, keys and links; viewer: reads every dashboard and drill-down.',
});
const When = Type.Union([Type.String(), Type.Null()], { description: 'ISO 8601 time, or null.' });

export const Credentials = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
export type Credentials = Static<typeof Credentials>;

export const Session = Type.Union([
  Type.Object({ mode: Type.Literal('local'), banner: Type.String(), setupNeeded: Type.Boolean() }),
  Type.Object({ mode: Type.Literal('signed-in'), user: Type.Object({ email: Type.String(), role: RoleSchema }) }),
  Type.Object({
    mode: Type.Literal('share'),
    label: Type.String(),
    segment: Type.Union([Type.Record(Type.String(), Type.Array(Type.String())), Type.Null()]),
    allowCustomerDetails: Type.Boolean(),
    expiresAt: When,
  }),
  Type.Object({ mode: Type.Literal('anonymous'), setupNeeded: Type.Boolean(), problem: Type.Optional(Type.String()) }),
]);
export type Session = Static<typeof Session>;

export const UserSchema = Type.Object({ id: Type.String(), email: Type.String(), role: RoleSchema, createdAt: Type.String() });
export type User = Static<typeof UserSchema>;
export type Role = Static<typeof RoleSchema>;
export const UsersResponse = Type.Object({ users: Type.Array(UserSchema) });
export const NewUser = Type.Object({ email: Email, role: RoleSchema, password: Password }, { additionalProperties: false });
export const UserChange = Type.Object(
  { role: Type.Optional(RoleSchema), password: Type.Optional(Password) },
  { additionalProperties: false, description: 'A new role, a new password (which signs them out everywhere), or both.' },
);

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The visible start of the key, e.g. cnp_live_ab12cd34.' }),
  scope: Type.Literal('ingest'),
  createdAt: Type.String(),
  lastUsedAt: When,
  revokedAt: When,
});
export const NewApiKey = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100, description: 'What sends with it, e.g. "CRM sync".' }) }, { additionalProperties: false });
export const CreatedApiKey = Type.Intersect([ApiKeySchema, Type.Object({ token: Type.String({ description: 'The key. Shown once: store it now.' }) })]);
export const ApiKeysResponse = Type.Object({ keys: Type.Array(ApiKeySchema) });
export type ApiKey = Static<typeof ApiKeySchema>;

export const ShareLinkSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  prefix: Type.String(),
  segment: Type.Union([Type.Record(Type.String(), Type.Array(Type.String())), Type.Null()], { description: 'Forced onto every view; null: every customer.' }),
  allowCustomerDetails: Type.Boolean({ description: 'Whether the link shows customer names, comments and drill-downs.' }),
  expiresAt: When,
  createdAt: Type.String(),
  lastUsedAt: When,
  revokedAt: When,
});
export const NewShareLink = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 100, description: 'Where it is used, e.g. "Support wall screen".' }),
    segment: Type.Optional(Type.Array(Type.String({ maxLength: 1100 }), { maxItems: 50, description: 'key:value filters, as in ?segment=.' })),
    allowCustomerDetails: Type.Optional(Type.Boolean({ default: false })),
    expiresAt: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()], { description: 'ISO 8601 time, in the future and before the year 9999, after which the link stops working. Null or absent: the link never expires.' })),
  },
  { additionalProperties: false },
);
export type NewShareLinkBody = Static<typeof NewShareLink>;
export const CreatedShareLink = Type.Intersect([ShareLinkSchema, Type.Object({ token: Type.String({ description: 'The link token (?share=…). Shown once.' }) })]);
export const ShareLinksResponse = Type.Object({ links: Type.Array(ShareLinkSchema) });
export type ShareLink = Static<typeof ShareLinkSchema>;

/** A refusal: what went wrong, in plain words. */
export const Problem = Type.Object({ error: Type.String(), message: Type.String() });
