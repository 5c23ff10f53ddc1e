import { useEffect, useState } from 'react';
import { useLocation } from '../router/location.ts';
import { parseWallConfig, wallSearch } from './config.ts';
import { pixelShiftAt } from './period.ts';
import { WallScreen } from './WallScreen.tsx';

/**
 * /wall: a full-screen, hands-off wall screen configured by its URL (see config.ts and
 * docs/web.md): no navigation, no controls, nothing to click.
 */
export default function WallPage() {
  const { search } = useLocation();
  const { config, problems } = parseWallConfig(search);
  const configKey = wallSearch(config).toString();
  const [shift, setShift] = useState(() => (config.pixelShift ? pixelShiftAt(new Date()) : undefined));
  useEffect(() => {
    document.title = 'Canopy wall screen';
    if (!config.pixelShift) return setShift(undefined);
    const timer = setInterval(() => setShift(pixelShiftAt(new Date())), 60_000);
    return () => clearInterval(timer);
  }, [config.pixelShift]);
  return (
    <>
      <WallScreen config={config} configKey={configKey} shift={shift} reloads />
      {problems.length > 0 && (
        <ul className="wall-problems" data-testid="wall-problems" data-theme={config.theme}>
          {problems.map((p) => <li key={p}>{p}</li>)}
        </ul>
      )}
    </>
  );
}
