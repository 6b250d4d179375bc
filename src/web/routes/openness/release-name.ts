/** A release's name as a path carries it: what the release routes accept before asking the store. */
export const RELEASE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
