// The real NHS open data the tests read: `shared/data/nhs` beside the checkout (../shared from the
// repository root), as CI and every developer machine lay it out. Never an absolute path.
import { fileURLToPath } from 'node:url';

export const NHS_DATA = fileURLToPath(new URL('../../../shared/data/nhs', import.meta.url));
