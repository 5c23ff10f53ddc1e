// The stories hidden in the demo company, as the month-by-month knobs that make them.
// docs/demo-data.md tells a viewer where to look; stories.test.ts checks they show.

/** When each story starts, as 1-based month numbers of the demo (6, 9 and 10 of 12). */
export interface StoryMonths {
  /** The help centre relaunches: more guides, better search, tooltips in the product. */
  helpRelaunch: number;
  /** "automations v2" replaces automations: powerful, and confusing. */
  automationsV2: number;
  /** Support is told to cut hold time: more agents on short calls, and the chatbot gets a
   * "call us now, no wait" button. Hold time falls; more customers end up phoning. */
  holdTimeDrive: number;
}

/** The story months for a demo of `months` months: 6, 9 and 10 when there are 12. */
export function storyMonths(months: number): StoryMonths {
  return {
    helpRelaunch: Math.max(2, Math.ceil(months / 2)),
    automationsV2: Math.max(2, months - 3),
    holdTimeDrive: Math.max(2, months - 2),
  };
}

/** How customers with a problem this month move along the ladder, for one month. */
export interface MonthKnobs {
  /** Chance that someone with a problem looks in the help first. */
  helpFirst: number;
  /** Chance that help articles alone solve the problem. */
  helpSolves: number;
  /** Chance the chatbot solves what help did not. */
  chatbotSolves: number;
  /** Chance an unsolved chatbot conversation ends in a phone call. */
  chatbotToPhone: number;
  /** Mean hold and talk time of a call, in seconds. */
  meanHoldSeconds: number;
  meanTalkSeconds: number;
  /** Chance a caller has to call back within the month (short calls fix less). */
  callBack: number;
}

/** The knobs for month `no`; `automationsV2` when the customer is on the new release. */
export function monthKnobs(no: number, stories: StoryMonths, automationsV2: boolean): MonthKnobs {
  const relaunched = no >= stories.helpRelaunch;
  const drive = no >= stories.holdTimeDrive;
  // Hold time drifts up as the company grows, jumps with the v2 release, then is driven down.
  const holdByMonth = drive
    ? [175, 135, 110, 95][Math.min(3, no - stories.holdTimeDrive)]!
    : no >= stories.automationsV2
      ? 300
      : 205 + 4 * no;
  const knobs: MonthKnobs = {
    helpFirst: relaunched ? 0.9 : 0.8,
    helpSolves: relaunched ? 0.62 : 0.5,
    chatbotSolves: 0.55,
    chatbotToPhone: drive ? 0.5 : 0.34,
    meanHoldSeconds: holdByMonth,
    meanTalkSeconds: drive ? 330 : 520,
    callBack: drive ? 0.3 : 0.12,
  };
  if (automationsV2) {
    // The help centre has nothing useful on v2 and the bot was never trained on it.
    knobs.helpSolves *= 0.4;
    knobs.chatbotSolves = 0.3;
    knobs.chatbotToPhone += 0.15;
  }
  return knobs;
}

/** Extra chance of a problem in a month the customer uses automations v2. */
export const AUTOMATIONS_V2_TROUBLE = 0.3;

/** The month a customer moves to automations v2, or null: v1 users move over a few months. */
export function automationsV2Adoption(usesV1: boolean, stories: StoryMonths, draw: () => number): number | null {
  if (usesV1) return stories.automationsV2 + Math.floor(Math.log(1 - draw()) / Math.log(0.6));
  return draw() < 0.1 ? stories.automationsV2 + Math.floor(draw() * 4) : null;
}
