import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { withShare } from '../access/share-token.ts';
import { navigate } from './location.ts';

interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string;
}

/** An ordinary link that navigates in-app on a plain left click (new tab and the like still work). */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={withShare(to)} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
