import { isValidZone } from './periods.ts';
import { EVENT_TYPES } from '../schemas/ingest.ts';
import { STAGE_KEY_PATTERN, type Ladder, type LadderStage } from '../schemas/settings.ts';

// The ladder (spec "The ladder"): which stage an event lands a customer on, and the
// plain-words checks on a deployment's settings. Ranks are 1-based, as in the spec's
// table: rank 1 is the first stage ("active, no assisted contact").

/** Event types that can place a customer on a stage; `contact` does so through its channel. */
export const ASSISTED_EVENT_TYPES = ['help_viewed', 'chatbot_conversation', 'phone_call'] as const;
export type AssistedEventType = (typeof ASSISTED_EVENT_TYPES)[number];

/** The rank (1-based) of the stage an event lands on; null for non-assisted types and unmapped contact channels. */
export function stageRankForEvent(ladder: Ladder, type: string, channel?: string | null): number | null {
  const index = ladder.findIndex((stage) =>
    type === 'contact' ? channel != null && stage.channels.includes(channel) : stage.eventTypes.includes(type),
  );
  return index < 0 ? null : index + 1;
}

/** The stage an assisted event type lands on (e.g. the phone stage), or undefined when no stage takes it. */
export function stageForEventType(ladder: Ladder, type: string): { stage: LadderStage; rank: number } | undefined {
  const rank = stageRankForEvent(ladder, type);
  return rank === null ? undefined : { stage: ladder[rank - 1]!, rank };
}

/** The rank (1-based) of the stage with `key`, or null when the ladder has no such stage. */
export function stageRankForKey(ladder: Ladder, key: string): number | null {
  const index = ladder.findIndex((stage) => stage.key === key);
  return index < 0 ? null : index + 1;
}

/** Whether a `contact` event's channel lands on no stage: kept and reported as unmapped, never dropped. */
export function isUnmappedContact(ladder: Ladder, type: string, channel: string | null | undefined): boolean {
  return type === 'contact' && stageRankForEvent(ladder, type, channel) === null;
}

/** One row per (event type, channel) that lands on a stage: a lookup table for SQL (VALUES or a join). */
export interface StageMapping {
  eventType: string;
  /** The channel for `contact` rows; null for the other types. */
  channel: string | null;
  rank: number;
  stageKey: string;
}

/** Every event type and contact channel the ladder maps, with the rank it lands on. */
export function stageMappings(ladder: Ladder): StageMapping[] {
  return ladder.flatMap((stage, index) => [
    ...stage.eventTypes.map((eventType) => ({ eventType, channel: null, rank: index + 1, stageKey: stage.key })),
    ...stage.channels.map((channel) => ({ eventType: 'contact', channel, rank: index + 1, stageKey: stage.key })),
  ]);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
const isCost = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Plain-words problems with a ladder; empty when it is usable. */
export function validateLadder(ladder: unknown): string[] {
  if (!Array.isArray(ladder)) return ['The ladder must be a list of stages.'];
  const problems: string[] = [];
  if (ladder.length < 2) problems.push(`The ladder needs at least 2 stages; it has ${ladder.length}.`);
  const keys = new Map<string, number>();
  const owners = new Map<string, string>();
  ladder.forEach((stage: unknown, index) => {
    const where = `Stage ${index + 1}`;
    if (!isRecord(stage)) {
      problems.push(`${where} must be an object with key, label, eventTypes and channels.`);
      return;
    }
    const key = stage.key;
    const name = typeof key === 'string' && key ? `${where} (${key})` : where;
    if (typeof key !== 'string' || !new RegExp(STAGE_KEY_PATTERN).test(key)) {
      problems.push(`${where} has key ${JSON.stringify(key)}: use lower-case letters, digits and underscores, starting with a letter (e.g. email_ticket).`);
    } else if (keys.has(key)) {
      problems.push(`${name} uses the same key as stage ${keys.get(key)}: every stage needs its own key.`);
    } else {
      keys.set(key, index + 1);
    }
    if (typeof stage.label !== 'string' || stage.label.trim() === '') problems.push(`${name} needs a label.`);
    if (!isStringArray(stage.eventTypes)) problems.push(`${name}: eventTypes must be a list of event types (it may be empty).`);
    if (!isStringArray(stage.channels)) problems.push(`${name}: channels must be a list of contact channels (it may be empty).`);
    const eventTypes = isStringArray(stage.eventTypes) ? stage.eventTypes : [];
    const channels = isStringArray(stage.channels) ? stage.channels : [];
    if (index === 0) {
      if (eventTypes.length > 0 || channels.length > 0) {
        problems.push(`${name} is the first stage, which means "active, no assisted contact": it cannot have event types or channels.`);
      }
      return;
    }
    if (eventTypes.length === 0 && channels.length === 0) {
      problems.push(`${name} has no event types and no channels: no customer could ever land on it.`);
    }
    for (const type of eventTypes) {
      if (type === 'contact') {
        problems.push(`${name} lists "contact" as an event type: list the contact channels (e.g. email) under channels instead.`);
      } else if (!(ASSISTED_EVENT_TYPES as readonly string[]).includes(type)) {
        const known = (EVENT_TYPES as readonly string[]).includes(type);
        problems.push(
          `${name} lists ${JSON.stringify(type)}, which ${known ? 'is not an assisted contact' : 'is not an event type'}: use ${ASSISTED_EVENT_TYPES.join(', ')}.`,
        );
      }
      claim(`Event type ${type}`, type);
    }
    for (const channel of channels) {
      if (channel.trim() === '') problems.push(`${name} has an empty channel name.`);
      claim(`Channel ${JSON.stringify(channel)}`, `contact:${channel}`);
    }
    function claim(what: string, id: string) {
      const owner = owners.get(id);
      if (owner && owner !== name) problems.push(`${what} is on two stages, ${owner} and ${name}: a customer must land on one stage.`);
      else if (owner) problems.push(`${what} is listed twice on ${name}.`);
      else owners.set(id, name);
    }
  });
  return problems;
}

/** Plain-words problems with a whole Settings value (shape and meaning); empty when it can be saved. */
export function validateSettings(value: unknown): string[] {
  if (!isRecord(value)) return ['Settings must be an object with ladder, unitCosts, churnWindowDays, minNpsSample and timezone.'];
  const problems = validateLadder(value.ladder);
  const costs = value.unitCosts;
  if (!isRecord(costs)) {
    problems.push('unitCosts must be an object with help_viewed, chatbot_conversation, phone_call and channels.');
  } else {
    for (const type of ASSISTED_EVENT_TYPES) {
      if (!isCost(costs[type])) problems.push(`The unit cost of ${type} must be a number of 0 or more; it is ${JSON.stringify(costs[type])}.`);
    }
    if (!isRecord(costs.channels)) {
      problems.push('unitCosts.channels must be an object from channel name to cost, e.g. { "email": 3.5 } (it may be empty).');
    } else {
      for (const [channel, cost] of Object.entries(costs.channels)) {
        if (!isCost(cost)) problems.push(`The unit cost of contact channel ${JSON.stringify(channel)} must be a number of 0 or more; it is ${JSON.stringify(cost)}.`);
      }
    }
    for (const key of Object.keys(costs)) {
      if (![...ASSISTED_EVENT_TYPES, 'channels'].includes(key)) problems.push(`unitCosts has an unknown entry ${JSON.stringify(key)}.`);
    }
  }
  const days = value.churnWindowDays;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 366) {
    problems.push(`churnWindowDays must be a whole number of days from 1 to 366; it is ${JSON.stringify(days)}.`);
  }
  const sample = value.minNpsSample;
  if (typeof sample !== 'number' || !Number.isInteger(sample) || sample < 1 || sample > 100000) {
    problems.push(`minNpsSample must be a whole number of responses from 1 to 100000; it is ${JSON.stringify(sample)}.`);
  }
  const zone = value.timezone;
  if (zone !== null && (typeof zone !== 'string' || !isValidZone(zone))) {
    problems.push(`timezone ${JSON.stringify(zone)} is not a time zone: use an IANA name such as Europe/Berlin, or null for the deployment default.`);
  }
  for (const key of Object.keys(value)) {
    if (!['ladder', 'unitCosts', 'churnWindowDays', 'minNpsSample', 'timezone'].includes(key)) {
      problems.push(`Settings has an unknown entry ${JSON.stringify(key)}.`);
    }
  }
  return problems;
}
