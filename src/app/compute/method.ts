// The version of Fairview's methods a release was computed with. Change it whenever a change to the
// code would change any number: a release records it, and a regeneration under another method
// version is reported as such rather than as a mismatch.
import { CASEMIX_METHOD_VERSION } from '../../domain/casemix/index.ts';
import { STANDARDISED_METHOD_VERSION } from '../../domain/casemix/standardised-model.ts';
import { JUDGMENT_METHOD_VERSION } from '../../domain/judgment/index.ts';

export const METHOD_VERSION = `fairview-methods-2+${CASEMIX_METHOD_VERSION}+${STANDARDISED_METHOD_VERSION}+${JUDGMENT_METHOD_VERSION}`;
