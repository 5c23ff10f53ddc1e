import type { ForestResponse } from '@canopy/shared';
import { formatNps } from '@canopy/shared/journey/nps.ts';
import { stageColour } from '../format/stage-scale.ts';

// A PNG of the forest for slides and chat: drawn straight onto a canvas from the API's
// numbers (no DOM screenshot library), so it looks the same in every browser and theme.

const WIDTH = 1200;
const HEIGHT = 675;
const INK = '#1a202c';
const MUTED = '#4a5568';

function wrap(context: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (context.measureText(candidate).width > maxWidth && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** The forest of one period as a 1200×675 PNG. */
export async function forestPng(forest: ForestResponse, segmentName: string): Promise<Blob> {
  const canvas = document.createElement('canvas');
  const scale = 2;
  canvas.width = WIDTH * scale;
  canvas.height = HEIGHT * scale;
  const c = canvas.getContext('2d');
  if (!c) throw new Error('This browser cannot draw images.');
  c.scale(scale, scale);
  c.fillStyle = '#ffffff';
  c.fillRect(0, 0, WIDTH, HEIGHT);
  c.fillStyle = INK;
  c.font = '600 30px system-ui, sans-serif';
  c.fillText(`Canopy · ${forest.period.label}`, 48, 64);
  c.fillStyle = MUTED;
  c.font = '18px system-ui, sans-serif';
  c.fillText(`${segmentName} · ${forest.activeCustomers.toLocaleString()} active customers`, 48, 94);
  c.fillStyle = INK;
  c.font = '20px system-ui, sans-serif';
  wrap(c, forest.headline, WIDTH - 96).slice(0, 3).forEach((line, i) => c.fillText(line, 48, 134 + i * 28));

  const count = forest.stages.length;
  const gap = 24;
  const columnWidth = (WIDTH - 96 - gap * (count - 1)) / count;
  const baseline = HEIGHT - 150;
  const barSpace = baseline - 240;
  forest.stages.forEach((stage, i) => {
    const x = 48 + i * (columnWidth + gap);
    const height = ((stage.sharePercent ?? 0) / 100) * barSpace;
    c.fillStyle = stageColour(stage.rank, count);
    c.fillRect(x, baseline - height, columnWidth, height);
    c.fillStyle = INK;
    c.font = '700 40px system-ui, sans-serif';
    c.fillText(`${(stage.sharePercent ?? 0).toFixed(1)}%`, x, baseline - height - 14);
    c.font = '600 20px system-ui, sans-serif';
    c.fillText(`${stage.rank}. ${stage.label}`, x, baseline + 32);
    c.fillStyle = MUTED;
    c.font = '16px system-ui, sans-serif';
    c.fillText(`${stage.customers.toLocaleString()} customers`, x, baseline + 58);
    c.fillText(`NPS ${formatNps(stage.nps.score)} (${stage.nps.responses}${stage.nps.lowSample ? ', low sample' : ''})`, x, baseline + 82);
  });
  c.fillStyle = MUTED;
  c.font = '14px system-ui, sans-serif';
  c.fillText('← content, least effort          most effort, frustrated →', 48, HEIGHT - 24);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The image could not be made.'))), 'image/png'));
}
