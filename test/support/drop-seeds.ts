// Run by scripts/test.sh when the run ends: drops the run's seeded templates from the test server
// (the PGlite ones are in the run's seed folder, which the script removes).
import { dropSeededTemplates } from './databases.ts';
import { seedFolder } from './seeds.ts';

const folder = seedFolder();
if (folder) await dropSeededTemplates(folder);
