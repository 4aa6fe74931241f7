import type { ConnectorDefinition } from '../types.ts';
import { aggregerad } from './aggregerad.ts';
import { bostadSkadegorelse } from './bostadSkadegorelse.ts';
import { bostadStorningsjour } from './bostadStorningsjour.ts';
import { polisBrott } from './polisBrott.ts';
import { polisStorm } from './polisStorm.ts';
import { rtjInsatser } from './rtjInsatser.ts';
import { securitasRapporter } from './securitasRapporter.ts';
import { skolaBetygElev } from './skolaBetygElev.ts';
import { skolaBetygSkola } from './skolaBetygSkola.ts';
import { socOrosanmalningar } from './socOrosanmalningar.ts';

export const connectors: Record<string, ConnectorDefinition> = Object.fromEntries(
  [
    polisStorm,
    polisBrott,
    rtjInsatser,
    bostadSkadegorelse,
    bostadStorningsjour,
    socOrosanmalningar,
    skolaBetygElev,
    skolaBetygSkola,
    securitasRapporter,
    aggregerad,
  ].map((c) => [c.id, c]),
);
