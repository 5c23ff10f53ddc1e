import { useState } from 'react';

/** Contact channels typed as "email, live_chat": kept as typed while editing, split into a list on each change. */
export function ChannelsInput({ channels, onChange }: { channels: string[]; onChange: (channels: string[]) => void }) {
  const [text, setText] = useState(channels.join(', '));
  return (
    <label className="stacked">
      <span className="label">Contact channels that land here (comma-separated, e.g. email, live_chat)</span>
      <input
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.split(',').map((c) => c.trim()).filter(Boolean));
        }}
        onBlur={() => setText(channels.join(', '))}
      />
    </label>
  );
}
