// What the demo company sells and who buys it: "Larchwood", a B2B workflow SaaS. The
// names here are what a viewer reads on screen, so they are meant to look real.

export type Plan = 'starter' | 'pro' | 'enterprise';
export type Region = 'EU' | 'NA' | 'APAC';

export const PLANS: readonly (readonly [Plan, number])[] = [
  ['starter', 58],
  ['pro', 32],
  ['enterprise', 10],
];

/** Monthly recurring revenue range per plan, in the company's currency. */
export const MRR_RANGE: Record<Plan, readonly [number, number]> = {
  starter: [29, 149],
  pro: [290, 1490],
  enterprise: [2500, 18000],
};

export const REGIONS: readonly (readonly [Region, number])[] = [
  ['NA', 42],
  ['EU', 40],
  ['APAC', 18],
];

export const INDUSTRIES: readonly (readonly [string, number])[] = [
  ['software', 24],
  ['retail', 18],
  ['financial services', 14],
  ['healthcare', 12],
  ['manufacturing', 12],
  ['education', 10],
  ['logistics', 10],
];

export const COMPANY_SIZES: Record<Plan, readonly (readonly [string, number])[]> = {
  starter: [['1-10', 60], ['11-50', 35], ['51-200', 5]],
  pro: [['11-50', 45], ['51-200', 40], ['201-1000', 15]],
  enterprise: [['201-1000', 55], ['1000+', 45]],
};

/** Product features and how likely a customer is to have adopted each. */
export const FEATURES: readonly (readonly [string, number])[] = [
  ['reports', 0.85],
  ['dashboards', 0.7],
  ['export', 0.5],
  ['integrations', 0.38],
  ['bulk edit', 0.3],
  ['automations', 0.3],
  ['scheduled reports', 0.22],
  ['user management', 0.2],
  ['api', 0.12],
];

/** The confusing release of the story in stories.ts: it replaces `automations`. */
export const AUTOMATIONS_V2 = 'automations v2';

export const HELP_ARTICLES = [
  'Getting started with Larchwood',
  'Building your first dashboard',
  'Exporting data to CSV and Excel',
  'Connecting Salesforce',
  'Connecting Slack',
  'Scheduling a report',
  'Inviting users and setting roles',
  'Bulk editing records',
  'Setting up automations',
  'Billing and invoices',
  'Resetting your password',
  'API keys and rate limits',
] as const;

/** Guides and tooltips that arrived with the help-centre relaunch. */
export const RELAUNCH_ARTICLES = [
  'Guide: your first report in 5 minutes',
  'Tooltip: choosing an export format',
  'Guide: fixing a broken integration',
  'Tooltip: what does bulk edit change?',
  'Guide: roles and permissions explained',
] as const;

export const AUTOMATIONS_V2_ARTICLES = ["What's new in automations v2", 'Migrating automations from v1 to v2'] as const;

const NAME_STARTS = [
  'Alder', 'Amber', 'Aster', 'Birch', 'Blue', 'Bright', 'Cedar', 'Clear', 'Copper', 'Crest',
  'Dune', 'East', 'Elm', 'Fern', 'Fox', 'Glen', 'Granite', 'Harbor', 'Hazel', 'Iron',
  'Juniper', 'Lake', 'Linden', 'Maple', 'Meadow', 'North', 'Oak', 'Pine', 'Quarry', 'Red',
  'River', 'Rowan', 'Sage', 'Silver', 'Stone', 'Summit', 'Tide', 'Vale', 'West', 'Willow',
];
const NAME_ENDS = ['field', 'gate', 'brook', 'point', 'ridge', 'works', 'wave', 'line', 'stone', 'port', 'bridge', 'mark'];
const INDUSTRY_WORDS: Record<string, readonly string[]> = {
  software: ['Labs', 'Software', 'Systems', 'Digital'],
  retail: ['Retail', 'Stores', 'Goods', 'Market'],
  'financial services': ['Capital', 'Finance', 'Partners', 'Insurance'],
  healthcare: ['Health', 'Clinics', 'Care', 'Medical'],
  manufacturing: ['Manufacturing', 'Industries', 'Fabrication', 'Tooling'],
  education: ['Learning', 'Academy', 'Schools', 'Education'],
  logistics: ['Logistics', 'Freight', 'Transport', 'Shipping'],
};
const LEGAL_FORMS: Record<Region, readonly string[]> = {
  EU: ['GmbH', 'B.V.', 'SAS', 'AB', 'Ltd', 'S.L.'],
  NA: ['Inc.', 'LLC', 'Corp.', 'Co.'],
  APAC: ['Pty Ltd', 'Pte. Ltd.', 'K.K.', 'Ltd'],
};

/** The parts a customer's display name is made of. */
export const NAME_PARTS = { NAME_STARTS, NAME_ENDS, INDUSTRY_WORDS, LEGAL_FORMS };
