/**
 * The agreement and consultation forms, page and API alike: each field as typed (not trimmed; the use
 * cases trim and check what the values mean, with their own messages).
 */
import { text } from '../../forms.ts';
import { MAX_FIELD_CHARS } from '../../limits.ts';

const RAW = text(MAX_FIELD_CHARS, { trim: false });

/** A new agreement; `intent=preview` checks the guidance instead of issuing it. */
export const AGREEMENT_FORM = { commissioner: RAW, title: RAW, body: RAW, change_note: RAW, intent: RAW };
export const VERSION_FORM = { body: RAW, change_note: RAW, intent: RAW };
/** A practice's response; version_id empty means the current version. */
export const RESPONSE_FORM = { practice_code: RAW, decision: RAW, reason: RAW, version_id: RAW };
export const LMC_FORM = { position: RAW, response: RAW, version_id: RAW };
/** A consultation: its options one a line. */
export const CONSULTATION_FORM = {
  commissioner: RAW,
  title: RAW,
  question: RAW,
  description: RAW,
  options: RAW,
  opens_on: RAW,
  closes_on: RAW,
};
export const VOTE_FORM = { practice_code: RAW, option: RAW };
