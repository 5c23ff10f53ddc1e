import { useState } from 'react';

/** Copies `text` to the clipboard and says so (politely, for screen readers). */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <>
      <button type="button" className="button button--small" onClick={() => void copy()}>
        Copy<span className="visually-hidden"> {what}</span>
      </button>
      <span role="status" aria-live="polite" className="hint">{copied ? ` ${what} copied` : ''}</span>
    </>
  );
}

export default CopyButton;
