import type { Ladder, LadderStage } from '@canopy/shared';
import { ChannelsInput } from './ChannelsInput.tsx';

const EVENT_TYPES = [
  { type: 'help_viewed', label: 'Help viewed' },
  { type: 'chatbot_conversation', label: 'Chatbot conversation' },
  { type: 'phone_call', label: 'Phone call' },
];

interface LadderEditorProps {
  ladder: Ladder;
  onChange: (ladder: Ladder) => void;
}

/** Add, remove, reorder and edit the stages; the first stage always means "no assisted contact". */
export function LadderEditor({ ladder, onChange }: LadderEditorProps) {
  const update = (index: number, patch: Partial<LadderStage>) => onChange(ladder.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const move = (index: number, by: number) => {
    const next = [...ladder];
    const [stage] = next.splice(index, 1);
    next.splice(index + by, 0, stage!);
    onChange(next);
  };
  const add = () => onChange([...ladder, { key: `stage_${ladder.length + 1}`, label: `Stage ${ladder.length + 1}`, eventTypes: [], channels: [] }]);
  return (
    <div className="ladder-editor">
      <ol className="ladder-editor__stages">
        {ladder.map((stage, index) => (
          <li key={index} className="ladder-stage">
            <fieldset>
              <legend>
                Stage {index + 1}
                {index === 0 ? ': active, no assisted contact' : ''}
              </legend>
              <div className="form-row">
                <label>
                  <span className="label">Label</span>
                  <input value={stage.label} onChange={(e) => update(index, { label: e.target.value })} />
                </label>
                <label>
                  <span className="label">Key</span>
                  <input value={stage.key} pattern="[a-z][a-z0-9_]*" onChange={(e) => update(index, { key: e.target.value })} />
                </label>
              </div>
              {index > 0 && (
                <>
                  <fieldset className="inline-fieldset">
                    <legend className="label">Event types that land here</legend>
                    {EVENT_TYPES.map(({ type, label }) => (
                      <label key={type} className="checkbox">
                        <input
                          type="checkbox"
                          checked={stage.eventTypes.includes(type)}
                          onChange={(e) => update(index, { eventTypes: e.target.checked ? [...stage.eventTypes, type] : stage.eventTypes.filter((t) => t !== type) })}
                        />
                        {label}
                      </label>
                    ))}
                  </fieldset>
                  <ChannelsInput channels={stage.channels} onChange={(channels) => update(index, { channels })} />
                </>
              )}
              <div className="ladder-stage__actions">
                <button type="button" className="button button--small" disabled={index <= 1} onClick={() => move(index, -1)}>
                  Move left<span className="visually-hidden"> {stage.label}</span>
                </button>
                <button type="button" className="button button--small" disabled={index === 0 || index === ladder.length - 1} onClick={() => move(index, 1)}>
                  Move right<span className="visually-hidden"> {stage.label}</span>
                </button>
                <button type="button" className="button button--small button--danger" disabled={index === 0 || ladder.length <= 2} onClick={() => onChange(ladder.filter((_, i) => i !== index))}>
                  Remove<span className="visually-hidden"> {stage.label}</span>
                </button>
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" className="button" onClick={add}>
        Add a stage
      </button>
    </div>
  );
}
