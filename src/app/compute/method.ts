// The version of Fairview's methods a release was computed with. Change it whenever a change to the
// code would change any number: a release records it, and a regeneration under another method
// version is reported as such rather than as a mismatch.
import { CASEMIX_METHOD_VERSION } from '../../domain/casemix/index.ts';

export const METHOD_VERSION = `fairview-methods-1+${CASEMIX_METHOD_VERSION}`;
