/**
 * Password hashing with scrypt from node:crypto. The stored string carries its own parameters
 * (`scrypt$N=32768,r=8,p=3$salt$hash`, base64), so the cost can be raised later and old hashes
 * still verify. N=2^15, r=8, p=3 is one of OWASP's equivalent scrypt settings (32 MiB per hash).
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; give it room above Node's 32 MiB default.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    // The async form runs on libuv's thread pool, so hashing never stalls the web server.
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, cost);
  return `scrypt$N=${cost.N},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== 'scrypt') return null;
  const params = Object.fromEntries(
    (parts[1] ?? '').split(',').map((kv) => {
      const [k, v] = kv.split('=');
      return [k, Number(v)];
    }),
  );
  const { N, r, p } = params as Record<string, number | undefined>;
  if (!N || !r || !p || !Number.isInteger(N) || N > 2 ** 20 || r > 32 || p > 16) return null;
  return {
    cost: { N, r, p },
    salt: Buffer.from(parts[2] ?? '', 'base64'),
    key: Buffer.from(parts[3] ?? '', 'base64'),
  };
}

/** Constant-time comparison; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length !== KEY_LENGTH) return false;
  const key = await derive(password, parsed.salt, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

/**
 * Spends the same time as a real check when the username is unknown or disabled, so response
 * time does not reveal which usernames exist.
 */
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('no such account');
  await verifyPassword(password, await dummyHash);
  return false;
}

/** A password people can type: 4 groups of 5 from an unambiguous alphabet (~115 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    // Rejection sampling keeps every character equally likely.
    while (group.length < 5) {
      const byte = randomBytes(1)[0]!;
      if (byte < 256 - (256 % alphabet.length)) group += alphabet[byte % alphabet.length];
    }
    groups.push(group);
  }
  return groups.join('-');
}
