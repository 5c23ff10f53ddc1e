import { useState } from 'react';
import { currentTheme, setTheme, type Theme } from './theme.ts';

/** A button that switches between the light and the dark theme. */
export function ThemeToggle() {
  const [theme, setShown] = useState<Theme>(currentTheme);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="button button--quiet"
      aria-pressed={theme === 'dark'}
      onClick={() => {
        setTheme(next);
        setShown(next);
      }}
    >
      <span aria-hidden="true">{theme === 'dark' ? '\u263E' : '\u2600'}</span> Dark theme
    </button>
  );
}
