import { describe, expect, test } from 'vitest';
import { DEFAULT_LADDER, type Ladder } from '../schemas/settings.ts';
import { localOptimumFlags, type LocalOptimumInput } from './flags.ts';

// reached per stage of the default ladder: just works, help, chatbot, phone.
const before: LocalOptimumInput = {
  reached: [1, 0.4, 0.2, 0.056],
  support: { holdMeanSeconds: 75, holdMedianSeconds: 50, holdP90Seconds: 180 },
  chatbot: { containment: 0.5 },
  help: { views: 1200, viewers: 300 },
};

describe('localOptimumFlags', () => {
  test('flags hold time that fell while more customers had to phone', () => {
    const after = { ...before, reached: [1, 0.4, 0.2, 0.061], support: { ...before.support, holdMeanSeconds: 60 } };
    expect(localOptimumFlags(after, before)).toEqual([
      {
        department: 'support',
        figure: 'holdMeanSeconds',
        stageKey: 'phone_call',
        previous: 75,
        current: 60,
        message: 'Mean hold time fell from 75 s to 60 s, but more customers had to phone: 5.6% → 6.1%.',
      },
    ]);
  });

  test.each<[string, Partial<LocalOptimumInput>, number[], string[]]>([
    ['hold time fell but fewer phoned: a real improvement', { support: { holdMeanSeconds: 60 } }, [1, 0.4, 0.2, 0.05], []],
    ['more phoned and hold time rose: bad, but no local optimum', { support: { holdMeanSeconds: 90 } }, [1, 0.4, 0.2, 0.07], []],
    ['hold time unchanged', {}, [1, 0.4, 0.2, 0.07], []],
    [
      'median and p90 count too',
      { support: { holdMeanSeconds: 75, holdMedianSeconds: 40, holdP90Seconds: 170 } },
      [1, 0.4, 0.2, 0.07],
      ['Median hold time fell from 50 s to 40 s, but more customers had to phone: 5.6% → 7.0%.', '90th-percentile hold time fell from 180 s to 170 s, but more customers had to phone: 5.6% → 7.0%.'],
    ],
    [
      'containment rose while more customers reached the chatbot',
      { chatbot: { containment: 0.6 } },
      [1, 0.4, 0.22, 0.056],
      ['Chatbot containment rose from 50.0% to 60.0%, but more customers needed at least chatbot: 20.0% → 22.0%.'],
    ],
    [
      'help views and viewers rose while more customers needed help',
      { help: { views: 1500, viewers: 320 } },
      [1, 0.45, 0.2, 0.056],
      [
        'Help views rose from 1,200 to 1,500, but more customers needed at least in-product help: 40.0% → 45.0%.',
        'Customers viewing help rose from 300 to 320, but more customers needed at least in-product help: 40.0% → 45.0%.',
      ],
    ],
    ['help views rose while fewer needed help: the help worked', { help: { views: 1500, viewers: 320 } }, [1, 0.35, 0.2, 0.056], []],
    ['a figure unknown now raises nothing', { support: { holdMeanSeconds: null } }, [1, 0.4, 0.2, 0.07], []],
    ['a figure missing altogether raises nothing', { support: undefined, chatbot: undefined, help: undefined }, [1, 0.5, 0.3, 0.07], []],
  ])('%s', (_, figures, reached, messages) => {
    const after: LocalOptimumInput = { ...before, ...figures, reached }; // each department given replaces the previous one whole
    expect(localOptimumFlags(after, before).map((flag) => flag.message)).toEqual(messages);
  });

  test('shows more decimals when one decimal would hide the change', () => {
    const after = { ...before, reached: [1, 0.4, 0.2, 0.0564], support: { ...before.support, holdMeanSeconds: 74.6 } };
    expect(localOptimumFlags(after, { ...before, support: { ...before.support, holdMeanSeconds: 75.2 } })[0]?.message).toBe(
      'Mean hold time fell from 75.2 s to 74.6 s, but more customers had to phone: 5.60% → 5.64%.',
    );
  });

  test('no previous period (unknown reach) raises nothing', () => {
    const after = { ...before, support: { holdMeanSeconds: 10 } };
    expect(localOptimumFlags(after, { reached: [null, null, null, null] })).toEqual([]);
  });

  test('works on any ladder: finds each department’s stage by the event type that lands on it', () => {
    const ladder: Ladder = [
      { key: 'self_serve', label: 'Self-serve', eventTypes: [], channels: [] },
      { key: 'bot', label: 'Virtual assistant', eventTypes: ['chatbot_conversation', 'help_viewed'], channels: [] },
      { key: 'human', label: 'Human contact', eventTypes: ['phone_call'], channels: ['email'] },
    ];
    const previous: LocalOptimumInput = { reached: [1, 0.3, 0.1], support: { holdMeanSeconds: 80 }, chatbot: { containment: 0.7 } };
    const current: LocalOptimumInput = { reached: [1, 0.35, 0.12], support: { holdMeanSeconds: 70 }, chatbot: { containment: 0.75 } };
    expect(localOptimumFlags(current, previous, ladder)).toEqual([
      expect.objectContaining({ department: 'support', stageKey: 'human', message: 'Mean hold time fell from 80 s to 70 s, but more customers had to reach human contact: 10.0% → 12.0%.' }),
      expect.objectContaining({ department: 'chatbot', stageKey: 'bot', message: 'Chatbot containment rose from 70.0% to 75.0%, but more customers needed at least virtual assistant: 30.0% → 35.0%.' }),
    ]);
  });

  test('a ladder without a chatbot stage raises no chatbot flag', () => {
    const ladder = DEFAULT_LADDER.filter((stage) => stage.key !== 'chatbot');
    const previous: LocalOptimumInput = { reached: [1, 0.3, 0.1], chatbot: { containment: 0.5 } };
    const current: LocalOptimumInput = { reached: [1, 0.4, 0.2], chatbot: { containment: 0.9 } };
    expect(localOptimumFlags(current, previous, ladder)).toEqual([]);
  });
});
