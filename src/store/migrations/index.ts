// Every migration, in order. Listed here (not found by scanning a folder) so the set is fixed at build
// time and works the same from any working directory. To add one: write NNN-what-it-does.ts with
// up()/down() and add it below; never edit a migration that has shipped.
import type { Migration } from 'kysely';
import * as initialSchema from './001-initial-schema.ts';
import * as benchmarking from './002-benchmarking.ts';
import * as governance from './003-governance.ts';
import * as agreements from './004-agreements.ts';
import * as dataSharing from './005-data-sharing.ts';
import * as schemes from './006-schemes.ts';
import * as concerns from './007-concerns.ts';
import * as openness from './008-openness.ts';
import * as schemeApproval from './009-scheme-approval.ts';
import * as releaseIndicatorChecksum from './010-release-indicator-checksum.ts';
import * as schemeStandingRules from './011-scheme-standing-rules.ts';
import * as hardening from './012-hardening.ts';
import * as headlineJudgment from './013-headline-judgment.ts';
import * as realData from './014-real-data.ts';
import * as obligations from './015-obligations.ts';
import * as moneyAsOf from './016-money-as-of.ts';
import * as prescribing from './018-prescribing.ts';
import * as peerGroupArea from './021-peer-group-area.ts';
import * as prescribingMeasureSums from './024-prescribing-measure-sums.ts';
import * as releasePageView from './025-release-page-view.ts';
import * as sharedReleaseRows from './026-shared-release-rows.ts';
import * as factBatchGuard from './027-fact-batch-guard.ts';

export const migrations: Record<string, Migration> = {
  '001-initial-schema': initialSchema,
  '002-benchmarking': benchmarking,
  '003-governance': governance,
  '004-agreements': agreements,
  '005-data-sharing': dataSharing,
  '006-schemes': schemes,
  '007-concerns': concerns,
  '008-openness': openness,
  '009-scheme-approval': schemeApproval,
  '010-release-indicator-checksum': releaseIndicatorChecksum,
  '011-scheme-standing-rules': schemeStandingRules,
  '012-hardening': hardening,
  '013-headline-judgment': headlineJudgment,
  '014-real-data': realData,
  '015-obligations': obligations,
  '016-money-as-of': moneyAsOf,
  '018-prescribing': prescribing,
  '021-peer-group-area': peerGroupArea,
  '024-prescribing-measure-sums': prescribingMeasureSums,
  '025-release-page-view': releasePageView,
  '026-shared-release-rows': sharedReleaseRows,
  '027-fact-batch-guard': factBatchGuard,
};
